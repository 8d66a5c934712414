using System.Globalization;
using System.Text;

namespace BuildPeer.TestSupport;

/// <summary>
/// Writes a small, valid PDF by hand (letter pages, Helvetica text "BuildPeer page N"), with a correct
/// cross-reference table so poppler reads it without repairing it.
/// </summary>
public static class MinimalPdf
{
    public const int PageWidthPoints = 612;
    public const int PageHeightPoints = 792;

    public static string PageText(int page) => $"BuildPeer page {page}";

    public static byte[] Build(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{PageObject(i)} 0 R"))}] /Count {pages} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        for (var i = 0; i < pages; i++)
        {
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidthPoints} {PageHeightPoints}] " +
                        $"/Resources << /Font << /F1 3 0 R >> >> /Contents {PageObject(i) + 1} 0 R >>");
            var content = $"BT /F1 28 Tf 72 700 Td ({PageText(i + 1)}) Tj 0 -40 Td /F1 14 Tf (Sheet {i + 1} of {pages}) Tj ET";
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length); // ASCII only, so characters are bytes
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static int PageObject(int index) => 4 + 2 * index;
}
