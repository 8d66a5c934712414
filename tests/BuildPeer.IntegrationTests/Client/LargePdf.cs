using System.Globalization;
using System.Text;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// A valid PDF of a chosen size, written fast: a few text pages (as <see cref="MinimalPdf"/> draws them) plus one large
/// binary stream object listed in the cross-reference table, like an embedded scan that no page draws.
/// </summary>
public static class LargePdf
{
    public static void Write(string path, long totalSize, int pages = 3, int seed = 7)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{4 + 2 * i} 0 R"))}] /Count {pages} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        for (var i = 0; i < pages; i++)
        {
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {MinimalPdf.PageWidthPoints} {MinimalPdf.PageHeightPoints}] " +
                        $"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>");
            var content = $"BT /F1 28 Tf 72 700 Td ({MinimalPdf.PageText(i + 1)}) Tj ET";
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var offsets = new List<long>();
        Ascii(file, "%PDF-1.4\n");
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(file.Position);
            Ascii(file, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var payloadObject = objects.Count + 1;
        var xrefSize = payloadObject + 1;
        var tail = $"xref\n0 {xrefSize}\n" + new string('x', 20 * xrefSize) + $"trailer\n<< /Size {xrefSize} /Root 1 0 R >>\nstartxref\n{0,12}\n%%EOF\n";
        var header = $"{payloadObject} 0 obj\n<< /Length {0,12} >>\nstream\n";
        const string footer = "\nendstream\nendobj\n";
        var payload = totalSize - file.Position - header.Length - footer.Length - tail.Length;
        if (payload < 0) throw new ArgumentOutOfRangeException(nameof(totalSize), "Too small for the pages.");

        offsets.Add(file.Position);
        Ascii(file, $"{payloadObject} 0 obj\n<< /Length {payload,12} >>\nstream\n");
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        for (var left = payload; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
        Ascii(file, footer);

        var xref = file.Position;
        var table = new StringBuilder($"xref\n0 {xrefSize}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        Ascii(file, table + $"trailer\n<< /Size {xrefSize} /Root 1 0 R >>\nstartxref\n{xref,12}\n%%EOF\n");
        if (file.Position != totalSize) throw new InvalidOperationException($"Wrote {file.Position} bytes, meant {totalSize}.");
    }

    private static void Ascii(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));
}
