namespace BuildPeer.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>At least one file was not uploaded, or (with --wait) did not end Processed.</summary>
    public const int FilesFailed = 1;
    public const int Usage = 2;
    /// <summary>Not signed in, or the session expired: run buildpeer login.</summary>
    public const int NotSignedIn = 3;
    /// <summary>The API could not be reached or refused the request.</summary>
    public const int ApiError = 4;
    /// <summary>Ctrl+C: finished parts are kept, the same command continues.</summary>
    public const int Interrupted = 130;
}
