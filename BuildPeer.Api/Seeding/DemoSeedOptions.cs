namespace BuildPeer.Api.Seeding;

/// <summary>The "Seed" section: a demo tenant for local runs (the AppHost turns it on).</summary>
public sealed class DemoSeedOptions
{
    public bool Demo { get; set; }
    public string Password { get; set; } = "BuildPeer-demo-2026";

    public static readonly Guid TenantId = Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-000000000001");
    public static readonly Guid ProjectId = Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1");

    public static readonly (Guid Id, string Email, string Name, string Role)[] Users =
    [
        (Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-000000000101"), "constructora@demo.buildpeer.lat", "Lucía Rojas (Constructora Andina)", "constructora"),
        (Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-000000000102"), "empleado@demo.buildpeer.lat", "Mateo Quispe (obra Torre Norte)", "empleado"),
        (Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-000000000103"), "inversionista@demo.buildpeer.lat", "Camila Souza (inversionista)", "inversionista"),
        (Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-000000000104"), "operador@demo.buildpeer.lat", "Operaciones BuildPeer", "operador"),
    ];
}
