namespace BuildPeer.AppHost;

/// <summary>The demo tenant the API seeds with <c>Seed__Demo=true</c>, and how to log in to it.</summary>
public static class DemoLogin
{
    public const string Password = "BuildPeer-demo-2026";
    public const string ProjectId = "0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1";
    public const string Operator = "operador@demo.buildpeer.lat";
    public static readonly string[] Users = ["constructora@demo.buildpeer.lat", "empleado@demo.buildpeer.lat", "inversionista@demo.buildpeer.lat", Operator];

    public static IResourceBuilder<ProjectResource> WithDemoTenant(this IResourceBuilder<ProjectResource> api, LocalRun local) =>
        local.Demo ? api.WithEnvironment("Seed__Demo", "true") : api;
}
