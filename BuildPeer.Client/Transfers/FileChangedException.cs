using BuildPeer.Client.Files;

namespace BuildPeer.Client.Transfers;

public sealed class FileChangedException(UploadFile file, string what)
    : Exception($"{file.FileName} changed while it was being uploaded ({what}); run the command again to upload it anew.");
