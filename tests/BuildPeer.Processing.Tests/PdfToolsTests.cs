using BuildPeer.Processing.Tools;
using BuildPeer.TestSupport;
using Xunit.Abstractions;

namespace BuildPeer.Processing.Tests;

public sealed class PdfToolsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _files = new("pdf");
    private readonly PdfTools _pdf = new();

    [Fact]
    public async Task Info_reads_the_page_count()
    {
        var pdf = await SampleFiles.PdfAsync(_files.Path, 20);

        Assert.Equal(new PdfInfo(20, Encrypted: false), await _pdf.ReadInfoAsync(pdf));
    }

    [Fact]
    public async Task Text_of_every_page_is_extracted_as_utf8()
    {
        var pdf = await SampleFiles.PdfAsync(_files.Path, 20);
        var textPath = _files.File("text.txt");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var bytes = await _pdf.ExtractTextAsync(pdf, textPath);
        output.WriteLine($"pdftotext 20 pages: {started.Elapsed.TotalMilliseconds:0} ms");

        var text = await File.ReadAllTextAsync(textPath);
        Assert.Equal(new FileInfo(textPath).Length, bytes);
        Assert.Contains("BuildPeer page 1\n", text);
        Assert.Contains("BuildPeer page 20", text);
        Assert.Contains("Sheet 20 of 20", text);
        // pdftotext ends every page with a form feed.
        Assert.Equal(20, text.Count(c => c == '\f'));
    }

    [Fact]
    public async Task First_page_preview_fits_800_and_keeps_the_page_shape()
    {
        var pdf = await SampleFiles.PdfAsync(_files.Path, 20);
        var preview = _files.File("preview.jpg");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var info = await _pdf.RenderFirstPageJpegAsync(pdf, preview, 800);
        output.WriteLine($"pdftoppm first page: {started.Elapsed.TotalMilliseconds:0} ms, {info.Bytes} bytes");

        // A letter page is portrait (612 x 792 pt): the height is the long side.
        Assert.Equal(800, info.Height);
        Assert.Equal(800.0 * MinimalPdf.PageWidthPoints / MinimalPdf.PageHeightPoints, info.Width, 1.0);
        Assert.Equal(new FileInfo(preview).Length, info.Bytes);
        Assert.Empty(Directory.GetFiles(_files.Path, "*.rendering*"));
    }

    [Fact]
    public async Task Password_protected_pdf_is_unreadable_for_every_tool()
    {
        var pdf = await SampleFiles.EncryptedPdfAsync(_files.Path);

        var info = await Assert.ThrowsAsync<PdfUnreadableException>(() => _pdf.ReadInfoAsync(pdf));
        await Assert.ThrowsAsync<PdfUnreadableException>(() => _pdf.ExtractTextAsync(pdf, _files.File("t.txt")));
        await Assert.ThrowsAsync<PdfUnreadableException>(() => _pdf.RenderFirstPageJpegAsync(pdf, _files.File("p.jpg"), 800));

        Assert.Contains("password-protected", info.Reason);
    }

    [Fact]
    public async Task Not_a_pdf_is_unreadable_with_the_reason()
    {
        var path = _files.File("fake.pdf");
        await File.WriteAllTextAsync(path, "this is a text file renamed to .pdf\n");

        var error = await Assert.ThrowsAsync<PdfUnreadableException>(() => _pdf.ReadInfoAsync(path));

        Assert.StartsWith("The file is damaged or is not a PDF", error.Reason);
        Assert.Contains("Syntax Error", error.Reason);
    }

    public void Dispose() => _files.Dispose();
}
