using System.Net;
using Alba;

namespace BuildPeer.IntegrationTests.Infrastructure;

public static class ProblemScenarios
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The status, answered as RFC 9457 problem details.</summary>
    public static void ProblemShouldBe(this Scenario scenario, HttpStatusCode status)
    {
        scenario.StatusCodeShouldBe(status);
        scenario.ContentTypeShouldBe(ProblemJson);
    }
}
