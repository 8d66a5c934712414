namespace BuildPeer.Processing.Tools;

/// <summary>What pdfinfo reports. <see cref="Encrypted"/> PDFs seen here open without a password (permissions only).</summary>
public sealed record PdfInfo(int PageCount, bool Encrypted);
