namespace BuildPeer.Processing.Tools;

/// <summary>Reads clamd's answer to INSTREAM: "stream: OK", "stream: &lt;name&gt; FOUND" or "... ERROR".</summary>
public static class ClamdReply
{
    private const string StreamPrefix = "stream: ";
    private const string FoundSuffix = " FOUND";

    public static ScanVerdict ToVerdict(string reply, TimeSpan elapsed)
    {
        var text = reply.TrimEnd('\0', '\n', ' ');
        if (text == StreamPrefix + "OK") return new ScanVerdict(false, null, elapsed);
        if (text.Length > StreamPrefix.Length + FoundSuffix.Length
            && text.StartsWith(StreamPrefix, StringComparison.Ordinal) && text.EndsWith(FoundSuffix, StringComparison.Ordinal))
        {
            var signature = text[StreamPrefix.Length..^FoundSuffix.Length].Trim();
            if (signature.Length > 0) return new ScanVerdict(true, signature, elapsed);
        }
        // "... ERROR" and anything we do not recognise: never report an unknown answer as clean.
        throw new ClamdScanException(text.Length == 0 ? "(empty reply)" : text);
    }
}
