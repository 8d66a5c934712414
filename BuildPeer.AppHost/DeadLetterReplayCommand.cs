using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildPeer.AppHost;

/// <summary>
/// "Replay dead letters" on the API in the dashboard: signs in as the demo operator and calls the ops endpoint operators
/// use (<c>POST /api/ops/dead-letters/replay-all</c>), which sends every dead letter to the pipeline again and audits it.
/// </summary>
public static class DeadLetterReplayCommand
{
    public static IResourceBuilder<ProjectResource> WithDeadLetterReplayCommand(this IResourceBuilder<ProjectResource> api)
    {
        var endpoint = api.GetEndpoint("http");
        return api.WithCommand("replay-dead-letters", "Replay dead letters", async context =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(endpoint.Url), Timeout = TimeSpan.FromSeconds(30) };
            using var login = await http.PostAsJsonAsync("/api/auth/login", new { email = DemoLogin.Operator, password = DemoLogin.Password }, context.CancellationToken);
            if (!login.IsSuccessStatusCode) return CommandResults.Failure($"Sign-in as {DemoLogin.Operator} answered {(int)login.StatusCode}");
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(context.CancellationToken)).GetProperty("accessToken").GetString();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ops/dead-letters/replay-all");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var replay = await http.SendAsync(request, context.CancellationToken);
            if (!replay.IsSuccessStatusCode) return CommandResults.Failure($"replay-all answered {(int)replay.StatusCode}: {await replay.Content.ReadAsStringAsync(context.CancellationToken)}");
            var replayed = (await replay.Content.ReadFromJsonAsync<JsonElement>(context.CancellationToken)).GetProperty("replayed").GetInt32();
            return CommandResults.Success($"{replayed} dead letter(s) sent to the pipeline again");
        }, new CommandOptions
        {
            Description = "Sends every dead letter to the pipeline again, as the demo operator (audited)",
            ConfirmationMessage = "Replay every dead letter?",
            IconName = "ArrowRepeatAll",
            UpdateState = context => context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
    }
}
