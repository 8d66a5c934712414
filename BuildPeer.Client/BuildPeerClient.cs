using System.Runtime.CompilerServices;
using BuildPeer.Client.Api;
using BuildPeer.Client.Auth;
using BuildPeer.Client.Files;
using BuildPeer.Client.Progress;
using BuildPeer.Client.Resume;
using BuildPeer.Client.Retries;
using BuildPeer.Client.Transfers;

namespace BuildPeer.Client;

/// <summary>
/// Uploads files to a BuildPeer project straight to storage with presigned URLs: parallel parts and files,
/// retries with backoff, re-signing on 403, pausing on 429, resume after a crash, duplicates skipped.
/// </summary>
public sealed class BuildPeerClient : IDisposable
{
    private readonly HttpClient _storageHttp;
    private readonly FileUploader _uploader;
    private readonly BuildPeerClientOptions _options;

    /// <summary>A client with an access token only: when it expires, API calls fail with 401.</summary>
    /// <param name="apiHttp">An HttpClient whose BaseAddress is the API's root URL (e.g. http://127.0.0.1:5080/).</param>
    public BuildPeerClient(HttpClient apiHttp, string accessToken, BuildPeerClientOptions? options = null)
        : this(apiHttp, new SessionTokens(accessToken, DateTimeOffset.MaxValue, null), options) { }

    /// <summary>
    /// A client that renews the session when the API answers 401 (once, shared by every part and file in flight) and
    /// tells <see cref="BuildPeerClientOptions.OnSessionRefreshed"/> the rotated tokens.
    /// </summary>
    /// <param name="apiHttp">An HttpClient whose BaseAddress is the API's root URL (e.g. http://127.0.0.1:5080/).</param>
    public BuildPeerClient(HttpClient apiHttp, SessionTokens session, BuildPeerClientOptions? options = null)
    {
        _options = options ?? new BuildPeerClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PartParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.FileParallelism, 1);
        if (apiHttp.BaseAddress is null) throw new ArgumentException("The API HttpClient needs a BaseAddress.", nameof(apiHttp));

        var clock = _options.Clock;
        var apiRetrier = new Retrier(_options.Retry, new PauseGate(clock), clock);
        var refresher = new SessionRefresher(session, (token, ct) => BuildPeerApi.RefreshAsync(apiHttp, token, apiRetrier, ct), _options.OnSessionRefreshed);
        Api = new BuildPeerApi(apiHttp, refresher, apiRetrier);
        _storageHttp = StorageHttp.Create(_options.StorageConnectTo, _options.StorageRequestTimeout);
        var storage = new StorageClient(_storageHttp, clock);
        var storageRetrier = new Retrier(_options.Retry, new PauseGate(clock), clock);
        var store = _options.StateDirectory is { } dir ? new ResumeStateStore(dir) : null;
        _uploader = new FileUploader(Api,
            new MultipartSender(Api, storage, storageRetrier, _options.PartParallelism, Raise),
            new SinglePutSender(Api, storage, storageRetrier, Raise), store, _options, Raise);
    }

    public BuildPeerApi Api { get; }

    public static Task<LoginResult> LoginAsync(HttpClient apiHttp, string email, string password, CancellationToken ct = default) =>
        BuildPeerApi.LoginAsync(apiHttp, email, password, ct);

    public async Task<FileUploadResult> UploadFileAsync(Guid projectId, UploadFile file, CancellationToken ct = default)
    {
        Raise(new FileStarted(file));
        var result = await _uploader.UploadAsync(projectId, file, ct);
        Raise(new FileFinished(result));
        return result;
    }

    /// <summary>
    /// Uploads the files, <see cref="BuildPeerClientOptions.FileParallelism"/> at a time; with <paramref name="wait"/>,
    /// each file's result also carries the final status it reached (processed, failed, quarantined…).
    /// </summary>
    public async Task<IReadOnlyList<FileUploadResult>> UploadAsync(Guid projectId, IReadOnlyList<UploadFile> files, bool wait, CancellationToken ct = default)
    {
        var results = new FileUploadResult[files.Count];
        var waits = new List<Task>();
        using var slots = new SemaphoreSlim(_options.FileParallelism);
        var uploads = files.Select(async (file, i) =>
        {
            await slots.WaitAsync(ct);
            try { results[i] = await UploadFileAsync(projectId, file, ct); }
            finally { slots.Release(); }
            if (wait && results[i].UploadId is { } id && results[i].Arrived)
                results[i] = results[i] with { Final = await WaitForFinalAsync(id, file, ct) };
        }).ToList();
        await Task.WhenAll(uploads);
        return results;
    }

    /// <summary>Polls the upload until it reaches a final status or <see cref="BuildPeerClientOptions.WaitTimeout"/> passes (then the last status seen).</summary>
    public async Task<UploadView> WaitForFinalAsync(Guid uploadId, UploadFile? file = null, CancellationToken ct = default)
    {
        var deadline = _options.Clock.GetUtcNow() + _options.WaitTimeout;
        string? last = null;
        while (true)
        {
            var view = await Api.GetUploadAsync(uploadId, ct) ?? throw new BuildPeerException($"Upload {uploadId} no longer exists.", 404);
            if (file is not null && view.Status != last) Raise(new StatusChanged(file, view.Status));
            last = view.Status;
            if (view.IsFinal || _options.Clock.GetUtcNow() >= deadline) return view;
            await Task.Delay(_options.PollInterval, _options.Clock, ct);
        }
    }

    public async IAsyncEnumerable<UploadView> ListProjectUploadsAsync(Guid projectId, int pageSize = 100, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = await Api.ListProjectUploadsAsync(projectId, pageSize, cursor, ct);
            foreach (var item in page.Items) yield return item;
            cursor = page.NextCursor;
        } while (cursor is not null);
    }

    private void Raise(UploadEvent e) => _options.OnEvent?.Invoke(e);

    public void Dispose() => _storageHttp.Dispose();
}
