namespace BuildPeer.Processing.Tools;

/// <summary>clamd could not be reached or stopped answering; worth retrying later.</summary>
public sealed class ClamdUnavailableException(string message, Exception? inner = null)
    : Exception(message, inner);
