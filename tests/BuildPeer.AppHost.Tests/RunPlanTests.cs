using System.Net;
using System.Net.Sockets;
using BuildPeer.Hosting;
using BuildPeer.Hosting.Orchestration;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>What <c>run</c> would start and the environment it would give each service, without starting anything.</summary>
public sealed class RunPlanTests : IDisposable
{
    private readonly TemporaryDirectory _state = new("apphost-plan");

    public void Dispose() => _state.Dispose();

    private (RunPlan Plan, DistributedApplication App) Prepare(Dictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var app = AppModel.Build(DistributedApplication.CreateBuilder(["--state-dir", _state.Path, "--free-ports", .. extraArgs], environment ?? []));
        return (new LocalOrchestrator(app, TextWriter.Null).Prepare(), app);
    }

    private static IReadOnlyDictionary<string, string> EnvironmentOf(DistributedApplication app, string resource) =>
        EnvironmentCallbackContext.Evaluate(app.Model[resource], app.ExecutionContext).Resolve();

    private static int PortOf(DistributedApplication app, string resource) => app.Model[resource].Endpoints[0].AllocatedPort!.Value;

    [Fact]
    public void By_default_everything_starts_and_the_services_get_local_connection_details()
    {
        var (plan, app) = Prepare();

        Assert.Equal(["postgres", "aws", "clamd", "api", "processing"], plan.ToStart.Select(r => r.Name));
        var order = plan.StartOrder().Select(r => r.Name).ToList();
        Assert.True(order.IndexOf("api") > order.IndexOf("postgres") && order.IndexOf("api") > order.IndexOf("aws"));
        Assert.True(order.IndexOf("processing") > order.IndexOf("api") && order.IndexOf("processing") > order.IndexOf("clamd"));
        Assert.Empty(plan.StartAfter(app.Model["postgres"]));
        Assert.Equal(["postgres", "aws", "clamd", "api"], plan.StartAfter(app.Model["processing"]).Select(r => r.Name));

        var password = ((ParameterResource)app.Model["postgres-password"]).Value;
        var api = EnvironmentOf(app, "api");
        Assert.Equal($"Host=127.0.0.1;Port={PortOf(app, "postgres")};Username=postgres;Password={password};Database=uploadsdb", api["ConnectionStrings__uploadsdb"]);
        Assert.Equal($"http://127.0.0.1:{PortOf(app, "aws")}", api["Aws__ServiceUrl"]);
        Assert.Equal($"http://127.0.0.1:{PortOf(app, "api")}", api["ASPNETCORE_URLS"]);
        Assert.True(api["Jwt__SigningKey"].Length >= 48);
        Assert.Equal("true", api["Seed__Demo"]);
        Assert.Equal("true", api["Storage__CreateBucket"]);
        Assert.Equal("true", api["Messaging__CreateQueues"]);
        Assert.Equal("us-east-1", api["Aws__Region"]);
        Assert.Equal("local", api["Aws__AccessKeyId"]);
        Assert.Equal("api", api["OTEL_SERVICE_NAME"]);
        Assert.Equal($"http://127.0.0.1:{PortOf(app, "processing")}", api["services__processing__http__0"]); // the ops view's worker health
        Assert.False(api.ContainsKey("HTTP_PORTS"));
        Assert.False(api.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));

        var processing = EnvironmentOf(app, "processing");
        Assert.Equal($"tcp://127.0.0.1:{PortOf(app, "clamd")}", processing["ConnectionStrings__clamd"]);
        Assert.Equal(api["ConnectionStrings__uploadsdb"], processing["ConnectionStrings__uploadsdb"]);
        Assert.False(processing.ContainsKey("Seed__Demo"));
        Assert.False(processing.ContainsKey("Jwt__SigningKey"));
    }

    [Fact]
    public void Generated_secrets_are_kept_in_the_state_folder_and_reused_by_the_next_run()
    {
        var (_, first) = Prepare();
        var (_, second) = Prepare();

        foreach (var name in new[] { "postgres-password", "jwt-signing-key" })
        {
            var firstValue = ((ParameterResource)first.Model[name]).Value;
            Assert.Equal(firstValue, ((ParameterResource)second.Model[name]).Value);
            Assert.True(((ParameterResource)first.Model[name]).WasGenerated);
            Assert.False(((ParameterResource)second.Model[name]).WasGenerated);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state.File("secrets.json")));
    }

    [Fact]
    public void An_existing_database_connection_string_in_the_environment_replaces_postgres()
    {
        const string existing = "Host=10.1.2.3;Port=5432;Username=owner;Password=x;Database=uploadsdb";

        var (plan, app) = Prepare(new() { ["ConnectionStrings__uploadsdb"] = existing });

        Assert.DoesNotContain(plan.ToStart, r => r.Name == "postgres");
        Assert.Contains(plan.Unused, r => r.Name == "postgres");
        Assert.Equal(["uploadsdb"], plan.Existing.Select(r => r.Name));
        Assert.Equal(existing, EnvironmentOf(app, "api")["ConnectionStrings__uploadsdb"]);
        Assert.Equal(existing, EnvironmentOf(app, "processing")["ConnectionStrings__uploadsdb"]);
        Assert.Equal(["aws", "clamd"], plan.StartAfter(app.Model["processing"]).Select(r => r.Name).Where(n => n != "api").Order());
    }

    [Fact]
    public void A_region_without_an_endpoint_means_real_AWS_so_no_emulator_and_no_local_credentials()
    {
        var (plan, app) = Prepare(new() { ["AWS_REGION"] = "sa-east-1" });

        Assert.DoesNotContain(plan.ToStart, r => r.Name == "aws");
        var api = EnvironmentOf(app, "api");
        Assert.Equal("sa-east-1", api["Aws__Region"]);
        Assert.False(api.ContainsKey("Aws__ServiceUrl"));
        Assert.False(api.ContainsKey("Aws__AccessKeyId"));
        Assert.False(api.ContainsKey("Storage__CreateBucket"));
        Assert.False(api.ContainsKey("Messaging__CreateQueues"));
    }

    [Fact]
    public void An_existing_endpoint_replaces_the_emulator_and_is_passed_on()
    {
        var (plan, app) = Prepare(new() { ["Aws__ServiceUrl"] = "http://127.0.0.1:4999" });

        Assert.DoesNotContain(plan.ToStart, r => r.Name == "aws");
        var processing = EnvironmentOf(app, "processing");
        Assert.Equal("http://127.0.0.1:4999", processing["Aws__ServiceUrl"]);
        Assert.Equal("true", processing["Storage__CreateBucket"]);
    }

    [Fact]
    public void An_existing_clamd_replaces_the_local_one()
    {
        var (plan, app) = Prepare(new() { ["ConnectionStrings__clamd"] = "tcp://127.0.0.1:3999" });

        Assert.DoesNotContain(plan.ToStart, r => r.Name == "clamd");
        Assert.Equal("tcp://127.0.0.1:3999", EnvironmentOf(app, "processing")["ConnectionStrings__clamd"]);
    }

    [Fact]
    public void An_OTLP_endpoint_in_the_environment_is_passed_to_both_services()
    {
        var (_, app) = Prepare(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" });

        Assert.Equal("http://127.0.0.1:4317", EnvironmentOf(app, "api")["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http://127.0.0.1:4317", EnvironmentOf(app, "processing")["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("processing", EnvironmentOf(app, "processing")["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public void No_demo_leaves_the_seed_off()
    {
        var (_, app) = Prepare(null, "--no-demo");

        Assert.False(EnvironmentOf(app, "api").ContainsKey("Seed__Demo"));
        Assert.Empty(app.RunNotes);
    }

    [Fact]
    public void A_preferred_port_that_is_taken_falls_back_to_a_free_one()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var builder = DistributedApplication.CreateBuilder(["--state-dir", _state.Path], new Dictionary<string, string>());
        var aws = builder.AddFauxqs("aws", localPort: takenPort);
        builder.AddProject("api", "BuildPeer.Api/BuildPeer.Api.csproj").WithHttpEndpoint(localPort: takenPort).WithReference(aws);
        var output = new StringWriter();

        var app = builder.Build();

        new LocalOrchestrator(app, output).Prepare();

        var ports = new[] { aws.Resource.PrimaryEndpoint.AllocatedPort, app.Model["api"].Endpoints[0].AllocatedPort };
        Assert.DoesNotContain(takenPort, ports.Select(p => p!.Value));
        Assert.NotEqual(ports[0], ports[1]);
        Assert.Contains($"port {takenPort} is in use", output.ToString());
    }
}
