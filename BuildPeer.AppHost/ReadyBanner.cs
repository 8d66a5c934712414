using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BuildPeer.AppHost;

/// <summary>
/// What <c>./run.sh</c> shows a person once every resource is healthy: the dashboard's login link, the web page and the
/// demo logins. Everything else is in the dashboard.
/// </summary>
public sealed class ReadyBanner(ResourceNotificationService notifications, DistributedApplicationModel model, IConfiguration configuration) : BackgroundService
{
    public const string ReadyLine = "BuildPeer Uploads is running";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var resource in model.Resources.Where(r => r is IResourceWithConnectionString and ExecutableResource or ProjectResource))
                await notifications.WaitForResourceHealthyAsync(resource.Name, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var api = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        var webPage = api.GetEndpoint("http").Url;
        var dashboard = (configuration["ASPNETCORE_URLS"] ?? "").Split(';')[0].TrimEnd('/');
        var token = configuration["AppHost:BrowserToken"];
        Console.WriteLine($"""

            {ReadyLine} (Ctrl+C stops it).
              Dashboard   {dashboard}/login?t={token}
              Web page    {webPage}/
              Demo logins {string.Join(", ", DemoLogin.Users)}
                          password {DemoLogin.Password}

            """);
    }
}
