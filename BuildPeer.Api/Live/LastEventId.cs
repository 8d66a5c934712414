namespace BuildPeer.Api.Live;

/// <summary>
/// Where a reconnecting client left off: the Last-Event-ID header browsers send on their own, or a lastEventId
/// query parameter for a client that opens a new EventSource itself (it cannot set headers).
/// </summary>
public static class LastEventId
{
    public const string Header = "Last-Event-ID";
    public const string QueryParameter = "lastEventId";

    /// <returns>False when a value is present but is not a sequence number.</returns>
    public static bool TryRead(HttpRequest request, out long? after)
    {
        after = null;
        var text = request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(text)) text = request.Query[QueryParameter].ToString();
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!long.TryParse(text.Trim(), out var value) || value < 0) return false;
        after = value;
        return true;
    }
}
