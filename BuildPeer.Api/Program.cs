using BuildPeer.Api.Auth;
using BuildPeer.Api.Caching;
using BuildPeer.Api.Infrastructure.RateLimits;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Live;
using BuildPeer.Api.OpenApi;
using BuildPeer.Api.Ops;
using BuildPeer.Api.Projects;
using BuildPeer.Api.Seeding;
using BuildPeer.Api.Tenancy;
using BuildPeer.Api.Uploads;
using BuildPeer.Data;
using BuildPeer.Messaging;
using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.ServiceDefaults.Health;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Api;

public class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddBuildTimePlaceholders();
        builder.AddServiceDefaults();
        builder.AddBuildPeerRedis();

        // Start-up order matters: schema, then seed data, then storage/queues, then Wolverine.
        builder.AddBuildPeerData(MessageStorageSchema.Api);
        builder.Services.Configure<DemoSeedOptions>(builder.Configuration.GetSection("Seed"));
        builder.Services.AddHostedService<DemoSeeder>();
        builder.Services.AddAwsClients(builder.Configuration);
        // The API handles no messages: it publishes ScanUpload through the outbox of the request's TenantSession.
        builder.AddBuildPeerMessaging("api", typeof(Program).Assembly, (opts, _) => opts.Discovery.DisableConventionalDiscovery());
        builder.Services.AddSingleton<BuildPeer.Api.DeadLetters.PipelineDeadLetters>();

        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        builder.Services.Configure<UploadLimits>(builder.Configuration.GetSection("Uploads"));
        builder.Services.AddSingleton<BuildPeer.Api.Uploads.StorageQuota>();
        builder.Services.AddBuildPeerAuthentication(builder.Configuration);
        builder.Services.AddBuildPeerRateLimits(builder.Configuration);
        builder.Services.AddLiveStatus(builder.Configuration);
        builder.Services.AddOpsView(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails += ProblemCodes.Add);
        builder.Services.AddBuildPeerOpenApi();

        builder.Services.RemoveBackgroundServicesAtBuildTime();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The web page (web/, bundled into wwwroot by the build).
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseBuildPeerRateLimits();
        app.MapDefaultEndpoints();
        app.MapBuildPeerOpenApi();

        var api = app.MapGroup("/api").WithApiDocumentation();
        LoginEndpoint.Map(api);
        RefreshEndpoint.Map(api);
        var secured = api.MapGroup("").RequireAuthorization();
        LogoutEndpoint.Map(secured);
        ListProjectsEndpoint.Map(secured);
        BuildPeer.Api.Audit.ListAuditLogEndpoint.Map(secured);
        CreateProjectEndpoint.Map(secured);
        ProjectMembersEndpoints.Map(secured);
        UsersEndpoints.Map(secured);
        ExportTenantEndpoint.Map(secured);
        DeleteTenantEndpoint.Map(secured);
        BuildPeer.Api.DeadLetters.DeadLetterEndpoints.Map(secured);
        InitiateUploadEndpoint.Map(secured);
        CompleteUploadEndpoint.Map(secured);
        GetUploadEndpoint.Map(secured);
        GetUploadHistoryEndpoint.Map(secured);
        GetUploadContentEndpoint.Map(secured);
        ListProjectUploadsEndpoint.Map(secured);
        SignPartsEndpoint.Map(secured);
        ListPartsEndpoint.Map(secured);
        ConfirmPartEndpoint.Map(secured);
        DeleteUploadEndpoint.Map(secured);
        CreateContentLinksEndpoint.Map(secured);
        secured.MapLiveStatus();
        secured.MapOpsView();

        app.Run();
    }
}
