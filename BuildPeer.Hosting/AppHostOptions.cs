namespace BuildPeer.Hosting;

/// <summary>
/// The AppHost's command line: <c>[publish] [--output-path &lt;dir|file.json&gt;] [--state-dir &lt;dir&gt;] [--free-ports]</c>.
/// Other arguments are left for the application (<see cref="Args"/>).
/// </summary>
public sealed record AppHostOptions
{
    public DistributedApplicationOperation Operation { get; init; } = DistributedApplicationOperation.Run;

    /// <summary>publish: the folder for aspire-manifest.json (or the file itself when it ends in .json).</summary>
    public string? OutputPath { get; init; }

    /// <summary>run: where data, logs, secrets and PIDs are kept; default <c>&lt;repo&gt;/.state</c>.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>run: give every endpoint a free port instead of its preferred one (tests, several AppHosts at once).</summary>
    public bool FreePorts { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public bool HasFlag(string flag) => Args.Contains(flag, StringComparer.Ordinal);

    public static AppHostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new AppHostOptions { Args = args };
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "publish" when i == 0 => options with { Operation = DistributedApplicationOperation.Publish },
                "--output-path" => options with { OutputPath = ValueAfter(args, ref i) },
                "--state-dir" => options with { StateDirectory = ValueAfter(args, ref i) },
                "--free-ports" => options with { FreePorts = true },
                _ => options,
            };
        }
        return options;
    }

    private static string ValueAfter(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
