using System.Text;
using BuildPeer.Processing.Tools;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Extraction;

/// <summary>Page count, full text (stored as a rendition, first 64 KB in the status) and an 800 px first-page preview via poppler.</summary>
public sealed class PdfExtractor(PdfTools pdf)
{
    public const int ExcerptBytes = 64 * 1024;

    public async Task<Extracted> ExtractAsync(string originalPath, string workDir, CancellationToken ct)
    {
        try
        {
            var info = await pdf.ReadInfoAsync(originalPath, ct);
            if (info.Encrypted)
                throw new PermanentProcessingException(FailureReason.PdfPasswordProtected());

            var textPath = Path.Combine(workDir, "text.txt");
            var textSize = await pdf.ExtractTextAsync(originalPath, textPath, ct);
            var previewPath = Path.Combine(workDir, "preview-800.jpg");
            var preview = await pdf.RenderFirstPageJpegAsync(originalPath, previewPath, 800, ct);
            var metadata = new FileMetadata(PageCount: info.PageCount, TextExcerpt: await ExcerptAsync(textPath, ct));
            return new Extracted(metadata,
            [
                new LocalRendition("preview-800", previewPath, "jpg", "image/jpeg", preview.Width, preview.Height, preview.Bytes),
                new LocalRendition("text", textPath, "txt", "text/plain; charset=utf-8", 0, 0, textSize),
            ]);
        }
        catch (PdfUnreadableException e)
        {
            throw new PermanentProcessingException(FailureReason.PdfUnreadable(e.Reason), e);
        }
    }

    private static async Task<string> ExcerptAsync(string textPath, CancellationToken ct)
    {
        var buffer = new byte[ExcerptBytes];
        await using var stream = File.OpenRead(textPath);
        var read = await stream.ReadAtLeastAsync(buffer, ExcerptBytes, throwOnEndOfStream: false, ct);
        // Cut on a character boundary: the decoder drops an incomplete trailing sequence.
        return Encoding.UTF8.GetString(buffer, 0, read).TrimEnd('\uFFFD');
    }
}
