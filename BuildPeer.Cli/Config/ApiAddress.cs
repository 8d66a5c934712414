namespace BuildPeer.Cli.Config;

public static class ApiAddress
{
    /// <summary>An absolute http(s) URL ending in "/", so relative API paths resolve under it.</summary>
    public static Uri Parse(string value)
    {
        if (!Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new FormatException($"'{value}' is not an http(s) URL of the BuildPeer API (e.g. http://127.0.0.1:5080).");
        return uri;
    }
}
