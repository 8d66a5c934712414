using System.Runtime.Versioning;

// Real processes, POSIX signals and /proc: these tests run where the AppHost runs locally.
[assembly: SupportedOSPlatform("linux")]
