namespace BuildPeer.Processing.Tools;

/// <summary>
/// libvips loads every plugin module it finds when a vips process starts (ImageMagick, poppler, OpenSlide, JPEG XL,
/// HEIF). Under `perf`, loading and linking them was about a fifth of the vips processes' CPU, and all but HEIF are
/// loaders Processing never wants reached (it accepts JPEG, PNG, WebP, TIFF and HEIC, the first four built in).
/// libvips looks for modules under its prefix, which VIPSHOME moves: <see cref="Prepare"/> makes a prefix whose
/// module folder links only the allowed modules of the system's, checks that vips still lists their loaders, and
/// returns the environment for the vips processes; null (vips as installed) when anything about that fails.
/// </summary>
public static class VipsModules
{
    public const string HomeVariable = "VIPSHOME";

    private static readonly string[] LibraryRoots = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];

    /// <param name="allowed">Module names without the vips- prefix, e.g. "heif".</param>
    public static async Task<IReadOnlyDictionary<string, string>?> PrepareAsync(string folder, IReadOnlyList<string> allowed, CancellationToken ct = default)
    {
        var system = LibraryRoots.Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateDirectories(root, "vips-modules-*"))
            .FirstOrDefault();
        if (system is null) return null; // a libvips built without modules: nothing to leave out

        // libvips derives the module folder from its prefix and the last part of its library folder
        // (/usr/lib/x86_64-linux-gnu/vips-modules-8.14 → $VIPSHOME/x86_64-linux-gnu/vips-modules-8.14).
        var modules = Path.Combine(folder, Path.GetFileName(Path.GetDirectoryName(system))!, Path.GetFileName(system));
        Directory.CreateDirectory(modules);
        foreach (var name in allowed)
        {
            var source = Path.Combine(system, $"vips-{name}.so");
            var link = Path.Combine(modules, $"vips-{name}.so");
            if (!File.Exists(source) || File.Exists(link)) continue;
            try { File.CreateSymbolicLink(link, source); }
            catch (IOException) when (File.Exists(link)) { } // another Processing instance made it first
        }

        var environment = new Dictionary<string, string> { [HomeVariable] = folder };
        // One run of vips with the new prefix: each allowed module the system has must bring its loader.
        var loaders = await LoadersAsync(environment, ct);
        var expected = allowed.Where(name => File.Exists(Path.Combine(system, $"vips-{name}.so"))).Select(name => name + "load");
        return loaders.Contains("jpegload") && expected.All(loaders.Contains) ? environment : null;
    }

    private static async Task<HashSet<string>> LoadersAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        try
        {
            var result = await ExternalTool.RunAsync("vips", ["-l", "foreign"], TimeSpan.FromSeconds(30), ct, environment);
            return result.Stdout.Split([' ', '\n', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries)
                .Where(word => word.EndsWith("load", StringComparison.Ordinal)).ToHashSet();
        }
        catch (ExternalToolException) { return []; }
    }
}
