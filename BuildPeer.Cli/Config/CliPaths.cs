namespace BuildPeer.Cli.Config;

/// <summary>Where the CLI keeps its files: BUILDPEER_CONFIG_DIR / BUILDPEER_STATE_DIR when set, else the XDG defaults.</summary>
public static class CliPaths
{
    public static string ConfigDirectory(CliContext context) =>
        context.Environment("BUILDPEER_CONFIG_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(context.Environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(context.Home, ".config"), "buildpeer");

    public static string StateDirectory(CliContext context) =>
        context.Environment("BUILDPEER_STATE_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(context.Environment("XDG_STATE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(context.Home, ".local", "state"), "buildpeer", "uploads");

    public static string CredentialsFile(CliContext context) => Path.Combine(ConfigDirectory(context), "credentials.json");
}
