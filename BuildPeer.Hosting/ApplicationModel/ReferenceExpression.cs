using System.Runtime.CompilerServices;

namespace BuildPeer.Hosting;

/// <summary>
/// A string made of literals and values, written as <c>Host={postgres.bindings.tcp.host};…</c> in the manifest and
/// resolved to <c>Host=127.0.0.1;…</c> when running. Build one with an interpolated string:
/// <c>ReferenceExpression.Create($"{parent};Database={name}")</c>.
/// </summary>
public sealed class ReferenceExpression : IValueProvider, IManifestExpressionProvider
{
    private readonly IReadOnlyList<object> _parts; // string literals and IValueProvider + IManifestExpressionProvider values

    private ReferenceExpression(IReadOnlyList<object> parts) => _parts = parts;

    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => new(handler.Parts);

    /// <summary>The values joined by <paramref name="separator"/>, e.g. several ports for HTTP_PORTS.</summary>
    public static ReferenceExpression Join<T>(string separator, IEnumerable<T> values) where T : IValueProvider, IManifestExpressionProvider
    {
        var parts = new List<object>();
        foreach (var value in values)
        {
            if (parts.Count > 0) parts.Add(separator);
            parts.Add(value);
        }
        return new ReferenceExpression(parts);
    }

    public string ValueExpression =>
        string.Concat(_parts.Select(p => p as string ?? ((IManifestExpressionProvider)p).ValueExpression));

    public string GetValue() =>
        string.Concat(_parts.Select(p => p as string ?? ((IValueProvider)p).GetValue()));

    public override string ToString() => ValueExpression;

    [InterpolatedStringHandler]
    public readonly ref struct ExpressionInterpolatedStringHandler
    {
        private readonly List<object> _parts;

        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount) => _parts = new List<object>(formattedCount * 2 + 1);

        internal IReadOnlyList<object> Parts => _parts;

        public void AppendLiteral(string value) => _parts.Add(value);

        public void AppendFormatted(string value) => _parts.Add(value);

        public void AppendFormatted<T>(T value) where T : IValueProvider, IManifestExpressionProvider => _parts.Add(value);
    }
}
