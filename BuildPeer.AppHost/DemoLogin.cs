namespace BuildPeer.AppHost;

/// <summary>The demo tenant the API seeds with <c>Seed__Demo=true</c>, and how to log in to it.</summary>
public static class DemoLogin
{
    public const string Password = "BuildPeer-demo-2026";
    public const string ProjectId = "0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1";
    public static readonly string[] Users = ["constructora@demo.buildpeer.lat", "empleado@demo.buildpeer.lat", "inversionista@demo.buildpeer.lat", "operador@demo.buildpeer.lat"];

    public static string Describe(string apiUrl)
    {
        var body = $$"""{"email":"{{Users[1]}}","password":"{{Password}}"}""";
        return $"""
            Demo users ({string.Join(", ", Users)}), password {Password}. Log in:
              curl -s -X POST {apiUrl}/api/auth/login -H 'Content-Type: application/json' -d '{body}'
            then: curl -s {apiUrl}/api/projects -H "Authorization: Bearer <accessToken>"
            """;
    }
}
