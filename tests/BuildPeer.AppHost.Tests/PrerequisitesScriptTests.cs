using System.Diagnostics;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>
/// scripts/install-prerequisites.sh in a copy of the repository's layout, with apt-get, dpkg-query and npm replaced by
/// recorders: ./run.sh's "--run" installs what running needs and nothing for the tests (Chromium, the CDK app).
/// </summary>
public class PrerequisitesScriptTests
{
    [Fact]
    public async Task Run_mode_installs_neither_the_CDK_app_nor_chromium_and_the_full_mode_installs_both()
    {
        var run = await InstallAsync("--run");
        Assert.Equal(["ci --prefix tools/fauxqs", "ci --prefix web"], run.Npm);
        Assert.DoesNotContain("chromium", run.Apt);

        var full = await InstallAsync();
        Assert.Equal(["ci --prefix tools/fauxqs", "ci --prefix web", "ci --prefix deploy/cdk"], full.Npm);
        Assert.Contains("chromium", full.Apt);
    }

    private static async Task<(List<string> Npm, string Apt)> InstallAsync(params string[] args)
    {
        using var repo = new TemporaryDirectory("prereq");
        Directory.CreateDirectory(repo.File("scripts"));
        File.Copy(Path.Combine(RepositoryPaths.Root, "scripts", "install-prerequisites.sh"), repo.File("scripts/install-prerequisites.sh"));
        foreach (var dir in new[] { "tools/fauxqs", "web", "deploy/cdk" })
        {
            Directory.CreateDirectory(repo.File(dir));
            await File.WriteAllTextAsync(repo.File($"{dir}/package-lock.json"), "{}");
        }
        var bin = repo.File("bin");
        Directory.CreateDirectory(bin);
        // Every Debian package is installed except chromium; apt-get and npm only write down how they were called.
        Fake(bin, "dpkg-query", """[ "${@: -1}" = chromium ] && exit 1; printf 'install ok installed'""");
        Fake(bin, "apt-get", $"""echo "$*" >> {repo.File("apt.log")}""");
        Fake(bin, "sudo", "\"$@\"");
        Fake(bin, "npm", $"""echo "$1 $2 $3" >> {repo.File("npm.log")}""");

        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo.Path };
        info.ArgumentList.Add(repo.File("scripts/install-prerequisites.sh"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);

        var npm = File.Exists(repo.File("npm.log")) ? File.ReadAllLines(repo.File("npm.log")).ToList() : [];
        var apt = File.Exists(repo.File("apt.log")) ? File.ReadAllText(repo.File("apt.log")) : "";
        return (npm, apt);
    }

    private static void Fake(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
