namespace BuildPeer.Client.Files;

/// <summary>A local file to upload, as it was when the run looked at it.</summary>
public sealed record UploadFile(string Path, string FileName, string ContentType, long Size, DateTime LastWriteUtc)
{
    public static UploadFile From(string path, string? contentType = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path} does not exist.", path);
        return new UploadFile(info.FullName, info.Name, contentType ?? ContentTypes.For(path)
            ?? throw new ArgumentException($"{info.Name}: not a type BuildPeer accepts ({string.Join(", ", ContentTypes.Extensions)})."),
            info.Length, info.LastWriteTimeUtc);
    }
}
