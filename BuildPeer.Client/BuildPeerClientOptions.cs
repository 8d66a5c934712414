using System.Net;
using BuildPeer.Client.Auth;
using BuildPeer.Client.Progress;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client;

public sealed record BuildPeerClientOptions
{
    public const long MiB = 1024 * 1024;
    public const long DefaultPartSize = 5 * MiB;

    /// <summary>
    /// Most parts of one file in flight at once; memory for a file is at most this × the part size. Fewer go at
    /// once while the link keeps cutting them (<see cref="Transfers.SendWindow"/>).
    /// </summary>
    public int PartParallelism { get; init; } = 4;

    /// <summary>
    /// Parts of this size (5 MiB to the server's part size) instead of the server's. S3's smallest, 5 MiB, by
    /// default: on a site link (1 Mbit/s, drops every few minutes) an 8 MiB part never got through between two
    /// drops, a 5 MiB one does (benchmark 6). Null leaves the choice to the server.
    /// </summary>
    public long? PartSize { get; init; } = DefaultPartSize;

    /// <summary>Files uploading at once.</summary>
    public int FileParallelism { get; init; } = 2;

    /// <summary>
    /// Files up to this size are read into memory and hashed before asking to upload, so a duplicate is answered
    /// before any byte goes out. It matches the API's multipart threshold (8 MiB).
    /// </summary>
    public long SmallFileLimit { get; init; } = 8 * MiB;

    /// <summary>Where resume state files go; null keeps no state (nothing to resume after a crash).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Connect to this TCP endpoint for every storage request (a proxy in front of storage); URLs are unchanged.</summary>
    public DnsEndPoint? StorageConnectTo { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;
    public TimeSpan StorageRequestTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public Action<UploadEvent>? OnEvent { get; init; }

    /// <summary>
    /// Told the new tokens after each refresh. The old refresh token is spent: keep these (e.g. in the credentials
    /// file) or the next run's refresh is taken for a replay and signs the user out everywhere.
    /// </summary>
    public Action<SessionTokens>? OnSessionRefreshed { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
