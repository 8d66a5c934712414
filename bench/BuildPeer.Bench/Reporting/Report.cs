using System.Globalization;
using System.Text;

namespace BuildPeer.Bench.Reporting;

/// <summary>One table: a header row and rows of cells, with notes printed under it.</summary>
public sealed class Table(string title, params string[] header)
{
    public string Title { get; } = title;
    public string[] Header { get; } = header;
    public List<string[]> Rows { get; } = [];
    public List<string> Notes { get; } = [];

    public Table Row(params string[] cells)
    {
        Rows.Add(cells);
        return this;
    }

    public Table Note(string note)
    {
        Notes.Add(note);
        return this;
    }
}

/// <summary>A target of the issue, checked against this run's figures.</summary>
public sealed record TargetResult(string Benchmark, string Target, string Measured, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "NOT met", null => "not measured" };
}

/// <summary>The run's tables and targets, printed as they are measured and written as Markdown at the end.</summary>
public sealed class Report
{
    public string Mode { get; init; } = "";
    public string Command { get; init; } = "";
    public DateTimeOffset Started { get; } = DateTimeOffset.Now;
    public List<(string Name, string Value)> Machine { get; } = [];
    public List<Table> Tables { get; } = [];
    public List<TargetResult> Targets { get; } = [];
    public List<string> Failures { get; } = [];
    public TimeSpan Elapsed { get; set; }

    public void Add(Table table)
    {
        Tables.Add(table);
        Console.WriteLine();
        Console.WriteLine(Render(table));
    }

    public void Target(string benchmark, string target, string measured, bool? met)
    {
        var result = new TargetResult(benchmark, target, measured, met);
        Targets.Add(result);
        Console.WriteLine($"  target [{result.Verdict}] {benchmark}: {target} — measured {measured}");
    }

    public static string Render(Table table)
    {
        var md = new StringBuilder();
        md.AppendLine($"### {table.Title}");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", table.Header) + " |");
        md.AppendLine("|" + string.Join("|", table.Header.Select(_ => "---")) + "|");
        foreach (var row in table.Rows) md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|"))) + " |");
        if (table.Notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in table.Notes) md.AppendLine("- " + note);
        }
        return md.ToString();
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## Benchmark run: {Mode} mode, {Started:yyyy-MM-dd HH:mm zzz}");
        md.AppendLine();
        md.AppendLine($"Command: `{Command}` — harness time {Elapsed.TotalMinutes:0.0} min.");
        md.AppendLine();
        md.AppendLine("| machine | |");
        md.AppendLine("|---|---|");
        foreach (var (name, value) in Machine) md.AppendLine($"| {name} | {value} |");
        md.AppendLine();
        md.AppendLine("### Targets");
        md.AppendLine();
        md.AppendLine("| benchmark | target | measured | verdict |");
        md.AppendLine("|---|---|---|---|");
        foreach (var t in Targets) md.AppendLine($"| {t.Benchmark} | {t.Target} | {t.Measured} | **{t.Verdict}** |");
        if (Failures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("### Harness failures");
            foreach (var f in Failures) md.AppendLine("- " + f);
        }
        foreach (var table in Tables)
        {
            md.AppendLine();
            md.Append(Render(table));
        }
        return md.ToString();
    }
}

/// <summary>Number formatting for tables (invariant culture, NaN as a dash).</summary>
public static class Fmt
{
    public static string N(double value, string format = "0.0") =>
        double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Ms(double value) => N(value, value < 10 ? "0.0" : "0") + " ms";
    public static string Ratio(double value) => N(value, value < 0.1 ? "0.000" : "0.00") + "×";
    public static string Mb(long kb) => N(kb / 1024.0, "0") + " MB";
    public static string Seconds(double value) => N(value, value < 10 ? "0.00" : "0.0") + " s";
    public static string Met(bool? met) => met switch { true => "met", false => "**not met**", null => "–" };
}
