using BuildPeer.Data;
using BuildPeer.Messaging;
using BuildPeer.Wolverine.AmazonSqs;
using JasperFx;
using Wolverine;
using BuildPeer.Processing.Expiry;
using BuildPeer.Processing.Extraction;
using BuildPeer.Processing.Infrastructure;
using BuildPeer.Processing.Receiving;
using BuildPeer.Processing.Scanning;
using BuildPeer.Processing.Tools;
using BuildPeer.Processing.Tools.Rendering;
using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.ServiceDefaults.Health;

namespace BuildPeer.Processing;

public class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [RendererProgram.Command, ..]) return RendererProgram.Run();

        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();

        builder.AddBuildPeerData(MessageStorageSchema.Processing);
        builder.Services.AddAwsClients(builder.Configuration);
        builder.AddBuildPeerMessaging("processing", typeof(Program).Assembly, (opts, messaging) =>
        {
            opts.ListenToSqsQueue(messaging.UploadsQueue, queue =>
                {
                    queue.WaitTimeSeconds = messaging.WaitTimeSeconds;
                    queue.VisibilityTimeout = messaging.VisibilityTimeoutSeconds;
                    queue.MaxNumberOfMessages = messaging.MaxMessagesPerReceive;
                })
                // A message that kills its consumer every time ends in SQS's dead-letter queue after this many receives;
                // ordinary failures are dead-lettered by the error policy into Wolverine's table long before.
                .ConfigureDeadLetterQueue(messaging.DeadLetterQueueName, messaging.RetryCooldowns.Length + 3)
                .MaximumParallelMessages(messaging.MaxConcurrentHandlers);
            PipelineErrorPolicy.Apply(opts, messaging.RetryCooldowns);
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<ExpiryOptions>(builder.Configuration.GetSection("Expiry"));
        builder.Services.AddHostedService<UploadExpiryService>();
        builder.Services.Configure<ReconcilerOptions>(builder.Configuration.GetSection("Reconciler"));
        builder.Services.AddSingleton<UploadReceiver>();
        builder.Services.AddSingleton<LateWriteGuard>();
        builder.Services.AddSingleton<Reconciler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reconciler>());
        builder.Services.AddSingleton<S3EventListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<S3EventListener>());
        builder.Services.AddSingleton(_ => ClamdClient.Parse(builder.Configuration.GetConnectionString("clamd")
            ?? throw new InvalidOperationException("ConnectionStrings__clamd is not set (e.g. tcp://127.0.0.1:3310).")));
        builder.Services.AddSingleton(_ => CreateRenderer(builder.Configuration));
        builder.Services.AddSingleton(sp => CreateImageRenditions(builder.Configuration, sp.GetRequiredService<ILogger<ImageRenditions>>(), sp.GetRequiredService<Renderer>()));
        builder.Services.AddSingleton(new PdfTools());
        builder.Services.AddSingleton<PhotoMetadataReader>();
        builder.Services.AddSingleton<PhotoExtractor>();
        builder.Services.AddSingleton<PdfExtractor>();
        builder.Services.AddHealthChecks().AddCheck<ClamdHealthCheck>("clamd");

        var app = builder.Build();
        var stale = StaleWorkFolders.Remove(Path.GetTempPath(), DateTime.UtcNow);
        if (stale > 0) app.Logger.LogInformation("Removed {Count} work folders left by instances that were killed mid-file", stale);
        app.MapDefaultEndpoints();
        // JasperFx's commands: "codegen write" regenerates Internal/Generated (scripts/check-generated-code.sh); no arguments runs the service.
        return await app.RunJasperFxCommands(args);
    }

    /// <summary>vips with only the plugin modules Processing needs ("Processing:VipsModules", default "heif"; "all" keeps every one).</summary>
    private static ImageRenditions CreateImageRenditions(IConfiguration configuration, ILogger logger, Renderer renderer)
    {
        var setting = configuration["Processing:VipsModules"] ?? "heif";
        if (setting == "all") return new ImageRenditions(renderer: renderer);
        var modules = setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var folder = Path.Combine(Path.GetTempPath(), "buildpeer-vips-" + string.Join('-', modules.Append("modules")));
        var environment = VipsModules.PrepareAsync(folder, modules).GetAwaiter().GetResult();
        if (environment is null) logger.LogWarning("vips runs with every plugin module it has: limiting them to {Modules} did not work here", setting);
        else logger.LogInformation("vips runs with only these plugin modules: {Modules}", setting);
        return new ImageRenditions(environment: environment, renderer: renderer);
    }

    /// <summary>
    /// The renderer processes: as many as the handlers that may render at once ("Messaging:MaxConcurrentHandlers"),
    /// started by this assembly unless "Processing:Renderer:Command" (a program, then its arguments) says otherwise.
    /// </summary>
    private static Renderer CreateRenderer(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Processing:Renderer:Command").Get<string[]>();
        var command = configured is [var program, .. var arguments] ? new RendererCommand(program, arguments) : RendererCommand.Default();
        var processes = configuration.GetValue("Processing:Renderer:Processes", configuration.GetValue("Messaging:MaxConcurrentHandlers", 4));
        return new Renderer(command, processes);
    }
}
