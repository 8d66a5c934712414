namespace BuildPeer.Hosting.Orchestration;

/// <summary>The table <c>run</c> prints once everything is up: resource, state, endpoint, PID, health.</summary>
public static class StatusTable
{
    public sealed record Row(string Resource, string State, string Endpoint, string Pid, string Health);

    public static void Write(TextWriter output, IReadOnlyList<Row> rows)
    {
        var all = rows.Prepend(new Row("RESOURCE", "STATE", "ENDPOINT", "PID", "HEALTH")).ToList();
        var widths = new[]
        {
            all.Max(r => r.Resource.Length), all.Max(r => r.State.Length), all.Max(r => r.Endpoint.Length), all.Max(r => r.Pid.Length),
        };
        foreach (var row in all)
            output.WriteLine($"  {row.Resource.PadRight(widths[0])}  {row.State.PadRight(widths[1])}  {row.Endpoint.PadRight(widths[2])}  {row.Pid.PadRight(widths[3])}  {row.Health}".TrimEnd());
    }
}
