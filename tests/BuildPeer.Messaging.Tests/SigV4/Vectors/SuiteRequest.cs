namespace BuildPeer.Messaging.Tests.SigV4.Vectors;

/// <summary>
/// An HTTP/1.1 request as the suite writes it: request line, "Name:value" headers (a line starting with
/// whitespace continues the previous value), a blank line, the body.
/// </summary>
internal sealed record SuiteRequest(string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public static SuiteRequest Parse(string text)
    {
        var lines = SigV4Suite.Lf(text).Split('\n');
        var requestLine = lines[0].Split(' ');
        // The target may contain spaces (get-space); the method is first and the protocol last.
        var target = string.Join(' ', requestLine[1..^1]);
        var questionMark = target.IndexOf('?');
        var path = questionMark < 0 ? target : target[..questionMark];
        var query = questionMark < 0 ? "" : target[questionMark..];

        var headers = new List<KeyValuePair<string, string>>();
        var index = 1;
        for (; index < lines.Length && lines[index].Length > 0; index++)
        {
            var line = lines[index];
            if (char.IsWhiteSpace(line[0]))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }
        var body = index < lines.Length ? string.Join('\n', lines[(index + 1)..]) : "";
        return new SuiteRequest(requestLine[0], path, query, headers, body);
    }

    public string Url => $"https://example.amazonaws.com{Path}{Query}";
}
