namespace BuildPeer.Client.Files;

public sealed record CollectedFiles(IReadOnlyList<UploadFile> Files, IReadOnlyList<string> Problems, int SkippedInFolders);

/// <summary>
/// Expands the paths given on the command line: files as named, folders recursively (only accepted types,
/// hidden files and folders left out), each file once, in path order.
/// </summary>
public static class FileCollector
{
    public static CollectedFiles Collect(IEnumerable<string> paths)
    {
        var files = new SortedDictionary<string, UploadFile>(StringComparer.Ordinal);
        var problems = new List<string>();
        var skipped = 0;
        foreach (var given in paths)
        {
            var full = Path.GetFullPath(given);
            if (File.Exists(full))
            {
                if (ContentTypes.For(full) is null) problems.Add($"{given}: not a type BuildPeer accepts ({string.Join(" ", ContentTypes.Extensions)})");
                else files[full] = UploadFile.From(full);
            }
            else if (Directory.Exists(full))
            {
                foreach (var path in Walk(full))
                {
                    if (ContentTypes.For(path) is null) skipped++;
                    else files[path] = UploadFile.From(path);
                }
            }
            else problems.Add($"{given}: no such file or folder");
        }
        return new CollectedFiles(files.Values.ToList(), problems, skipped);
    }

    private static IEnumerable<string> Walk(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(folder, "*", options).Where(p => !IsHidden(Path.GetRelativePath(folder, p)));
    }

    // Unix hidden files carry no attribute: a leading dot in any segment.
    private static bool IsHidden(string relative) => relative.Split(Path.DirectorySeparatorChar).Any(s => s.StartsWith('.'));
}
