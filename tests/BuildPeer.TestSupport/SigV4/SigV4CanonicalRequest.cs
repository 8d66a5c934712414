using System.Text;

namespace BuildPeer.TestSupport.SigV4;

/// <summary>
/// The canonical form of a request that Signature Version 4 hashes and signs (AWS "Create a canonical request").
/// <see cref="ToString"/> gives the exact text: method, URI, query, headers, signed header names, payload hash.
/// </summary>
public sealed record SigV4CanonicalRequest(
    string Method,
    string CanonicalUri,
    string CanonicalQueryString,
    string CanonicalHeaders,
    string SignedHeaders,
    string PayloadHash)
{
    /// <param name="canonicalUri">Already canonical (see <see cref="SigV4Verifier.CanonicalUri"/>).</param>
    /// <param name="query">Decoded names and values; each is URI-encoded here, then sorted by name, then value.</param>
    /// <param name="headers">Names and values as sent; a repeated name has its values joined with ',' in the order given.</param>
    public static SigV4CanonicalRequest Create(
        string method,
        string canonicalUri,
        IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>> headers,
        string payloadHash)
    {
        var grouped = headers
            .GroupBy(h => h.Key.Trim().ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var canonicalHeaders = new StringBuilder();
        foreach (var group in grouped)
        {
            canonicalHeaders.Append(group.Key).Append(':')
                .Append(string.Join(',', group.Select(h => TrimAll(h.Value))))
                .Append('\n');
        }
        return new SigV4CanonicalRequest(
            method.ToUpperInvariant(),
            canonicalUri,
            CanonicalQuery(query),
            canonicalHeaders.ToString(),
            string.Join(';', grouped.Select(g => g.Key)),
            payloadHash);
    }

    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Select(p => (Name: AwsUriEncoding.Encode(p.Key), Value: AwsUriEncoding.Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    /// <summary>Trims the value and turns every run of whitespace (including folded lines) into one space.</summary>
    private static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = true; continue; }
            if (pendingSpace) { builder.Append(' '); pendingSpace = false; }
            builder.Append(c);
        }
        return builder.ToString();
    }

    // CanonicalHeaders ends with '\n', which gives the blank line the format requires before SignedHeaders.
    public override string ToString() =>
        $"{Method}\n{CanonicalUri}\n{CanonicalQueryString}\n{CanonicalHeaders}\n{SignedHeaders}\n{PayloadHash}";
}
