using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>In run mode (<c>./run.sh</c>) the dashboard answers: its login link lets a browser in, a wrong token does not.</summary>
public partial class DashboardTests
{
    [Fact]
    public async Task The_printed_login_link_opens_the_dashboard_and_a_wrong_token_does_not()
    {
        using var state = new TemporaryDirectory("dashboard");
        await using var run = AppHostProcess.StartRunScript("--BuildPeer:StateDir", state.Path, "--BuildPeer:WebPagePort", "0");
        await run.WaitForLineAsync(RunScriptStopTests.ReadyLine, TimeSpan.FromMinutes(10));
        var link = LoginLink().Match(run.Output);
        Assert.True(link.Success, "no dashboard login link in:\n" + run.Output);
        Assert.Matches(WebPageLine(), run.Output);
        Assert.Contains("empleado@demo.buildpeer.lat", run.Output);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var login = await browser.GetAsync(link.Value);
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        Assert.True(login.Headers.Contains("Set-Cookie"), "the login link set no cookie");
        var wrong = await browser.GetAsync(link.Groups["base"].Value + "/login?t=00000000000000000000000000000000");
        Assert.False(wrong.StatusCode == HttpStatusCode.Found && wrong.Headers.Location?.OriginalString == "/", "a wrong token was let in");

        using var signedIn = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        var page = await signedIn.GetAsync(link.Value);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Aspire", await page.Content.ReadAsStringAsync());

        PosixSignals.Send(run.Pid, PosixSignal.SIGINT);
        Assert.NotNull(await run.WaitForExitAsync(TimeSpan.FromSeconds(90)));
    }

    [GeneratedRegex(@"(?<base>http://127\.0\.0\.1:\d+)/login\?t=[0-9a-f]+")]
    private static partial Regex LoginLink();

    [GeneratedRegex(@"Web page\s+http://(localhost|127\.0\.0\.1):\d+/")]
    private static partial Regex WebPageLine();
}
