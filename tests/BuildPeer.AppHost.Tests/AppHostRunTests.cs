using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using BuildPeer.Hosting.Local;
using BuildPeer.Hosting.Orchestration;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>
/// The AppHost for real: PostgreSQL (initdb), fauxqs, clamd, the API and the worker on free ports with a temporary state
/// folder, used over HTTP, then stopped with SIGINT. Nothing it started may survive it.
/// </summary>
public class AppHostRunTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_starts_everything_serves_the_demo_tenant_reports_a_dying_child_and_stops_cleanly_on_SIGINT()
    {
        using var state = new TemporaryDirectory("apphost-run");
        Dictionary<string, int> pids = [];
        await using (var host = AppHostProcess.Start("--state-dir", state.Path, "--free-ports"))
        {
            await host.WaitForLineAsync(LocalOrchestrator.ReadyMessage, StartTimeout);
            pids = ParsePids(await host.WaitForLineAsync(PidFile.LinePrefix, TimeSpan.FromSeconds(1)));
            Assert.Equal(["postgres", "aws", "clamd", "api", "processing"], pids.Keys);
            Assert.Equal(pids, JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(state.File("pids.json"))));
            var apiUrl = UrlOf("api", host.Output);
            var processingUrl = UrlOf("processing", host.Output);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var login = await http.PostAsJsonAsync($"{apiUrl}/api/auth/login", new { email = "empleado@demo.buildpeer.lat", password = DemoLogin.Password });
            Assert.True(login.StatusCode == HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            Assert.False(string.IsNullOrEmpty(token));

            using var projects = new HttpRequestMessage(HttpMethod.Get, $"{apiUrl}/api/projects");
            projects.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var projectsResponse = await http.SendAsync(projects);
            var projectsBody = await projectsResponse.Content.ReadAsStringAsync();
            Assert.True(projectsResponse.StatusCode == HttpStatusCode.OK, projectsBody);
            Assert.Contains(DemoLogin.ProjectId, projectsBody);

            var processingHealth = await http.GetAsync($"{processingUrl}/health");
            Assert.True(processingHealth.StatusCode == HttpStatusCode.OK, await processingHealth.Content.ReadAsStringAsync());

            // A dependency dying under the AppHost is reported, and does not stop it from shutting down cleanly.
            PosixSignals.Kill(pids["clamd"]);
            await host.WaitForLineAsync("warning: clamd", TimeSpan.FromSeconds(10));

            PosixSignals.Send(host.Pid, PosixSignal.SIGINT);
            var exitCode = await host.WaitForExitAsync(StopTimeout);

            Assert.True(exitCode == 0, $"exit code {exitCode?.ToString() ?? "none (still running)"}. Output:\n{host.Output}");
            Assert.Contains("Stopped.", host.Output);
            var stopped = Regex.Matches(host.Output, @"stopped (\w+) \(pid").Select(m => m.Groups[1].Value).ToList();
            Assert.True(stopped.IndexOf("processing") < stopped.IndexOf("api") && stopped.IndexOf("api") < stopped.IndexOf("postgres"),
                "services stop before what they use: " + string.Join(", ", stopped));
        }

        Assert.All(pids, child => Assert.False(ProcessTable.IsAlive(child.Value), $"{child.Key} (pid {child.Value}) is still running"));
        Assert.Empty(ProcessTable.ProcessesMentioning(state.Path));
    }

    private static Dictionary<string, int> ParsePids(string line) =>
        line[PidFile.LinePrefix.Length..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1]));

    private static string UrlOf(string resource, string output) =>
        Regex.Match(output, $@"^\s+{resource}\s+Running\s+(http://127\.0\.0\.1:\d+)", RegexOptions.Multiline) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"No status row for {resource} in:\n{output}");
}
