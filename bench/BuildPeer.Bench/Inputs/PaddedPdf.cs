using System.Globalization;
using System.Text;

namespace BuildPeer.Bench.Inputs;

/// <summary>
/// A valid PDF of exactly <c>totalBytes</c>: MinimalPdf's pages (letter, Helvetica text) plus one stream object
/// filled with incompressible bytes, as a plan's embedded scans make a file large. The padding object is not
/// drawn, so poppler's work is the pages'; clamd and the pipeline's download still handle every byte.
/// </summary>
public static class PaddedPdf
{
    public static async Task WriteAsync(string path, int pages, long totalBytes)
    {
        var padding = totalBytes - 4096; // first guess; corrected below
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (head, tail) = Layout(pages, padding);
            var size = head.Length + padding + tail.Length;
            if (size == totalBytes) break;
            padding += totalBytes - size;
        }
        var (prefix, suffix) = Layout(pages, padding);
        if (prefix.Length + padding + suffix.Length != totalBytes)
            throw new InvalidOperationException($"Could not lay out a PDF of exactly {totalBytes} bytes.");

        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await file.WriteAsync(prefix);
        var random = new Random(20260314);
        var chunk = new byte[1 << 20];
        for (var left = padding; left > 0; left -= chunk.Length)
        {
            random.NextBytes(chunk);
            await file.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
        }
        await file.WriteAsync(suffix);
    }

    /// <summary>The bytes before and after the padding stream's content.</summary>
    private static (byte[] Prefix, byte[] Suffix) Layout(int pages, long padding)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{4 + 2 * i} 0 R"))}] /Count {pages} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        for (var i = 0; i < pages; i++)
        {
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>");
            var content = $"BT /F1 28 Tf 72 700 Td (BuildPeer page {i + 1}) Tj 0 -40 Td /F1 14 Tf (Sheet {i + 1} of {pages}) Tj ET";
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }

        var head = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<long>();
        foreach (var (obj, i) in objects.Select((o, i) => (o, i)))
        {
            offsets.Add(head.Length);
            head.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{obj}\nendobj\n");
        }
        var paddingObject = objects.Count + 1;
        offsets.Add(head.Length);
        head.Append(CultureInfo.InvariantCulture, $"{paddingObject} 0 obj\n<< /Length {padding} >>\nstream\n");

        var tail = new StringBuilder("\nendstream\nendobj\n");
        var xref = head.Length + padding + tail.Length;
        tail.Append(CultureInfo.InvariantCulture, $"xref\n0 {paddingObject + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) tail.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        tail.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {paddingObject + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return (Encoding.ASCII.GetBytes(head.ToString()), Encoding.ASCII.GetBytes(tail.ToString()));
    }
}
