namespace BuildPeer.Uploads.Rules;

/// <summary>The three roles. Constructora: manages the tenant; empleado: uploads on its projects; inversionista: reads its projects.</summary>
public static class Roles
{
    public const string Constructora = "constructora";
    public const string Empleado = "empleado";
    public const string Inversionista = "inversionista";

    /// <summary>BuildPeer staff: operates the platform (dead letters), sees no tenant's files.</summary>
    public const string Operador = "operador";

    /// <summary>The roles of a tenant's own people.</summary>
    public static readonly IReadOnlyList<string> All = [Constructora, Empleado, Inversionista];

    public static bool CanUpload(string role) => role is Constructora or Empleado;
    public static bool SeesAllProjects(string role) => role is Constructora;
}
