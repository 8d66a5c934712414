using BuildPeer.Api.Auth;
using BuildPeer.Api.Live;
using BuildPeer.Api.Uploads;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Api.OpenApi;

/// <summary>
/// Examples for the shapes that are not obvious from their schema, built from the API's own records so they cannot
/// name a property the API does not send: the upload ticket (single PUT, multipart, duplicate), the part list a
/// client resumes from, and the SSE events.
/// </summary>
public static class UploadExamples
{
    private static readonly Guid ProjectId = Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1");
    private static readonly Guid PhotoId = Guid.Parse("0198f3a2-7c41-7d0e-9b6a-3f2d1c0e5a77");
    private static readonly Guid PlanId = Guid.Parse("0198f3a2-91b0-7f3c-8e21-5a4b3c2d1e0f");
    private static readonly DateTimeOffset Expires = new(2026, 11, 24, 15, 45, 0, TimeSpan.Zero);
    private const long MiB = 1024 * 1024;
    private const long PlanSize = 20 * MiB + 512 * 1024;
    private const string Storage = "https://buildpeer-uploads.s3.us-east-1.amazonaws.com";

    public static RouteHandlerBuilder WithInitiateUploadExamples(this RouteHandlerBuilder builder) => builder
        .WithRequestExample("photo", "One photo: at most 8 MiB goes as a single PUT",
            new FileToUpload("fachada-norte.jpg", "image/jpeg", 3_482_113, null))
        .WithRequestExample("batch", "A batch (up to 1000 files); sha256 lets the API spot a file already stored",
            new { files = new[] { new FileToUpload("fachada-norte.jpg", "image/jpeg", 3_482_113, null), new FileToUpload("plano-estructural.pdf", "application/pdf", PlanSize, new string('a', 64)) } })
        .WithResponseExample(StatusCodes.Status201Created, "single-put", "Up to 8 MiB: PUT the bytes to put.url with exactly the listed headers, then POST completeUrl",
            new UploadTicket(PhotoId, "Requested", "fachada-norte.jpg", Key(PhotoId), Expires,
                new SinglePutTicket("PUT", $"{Storage}/{Key(PhotoId)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=…",
                    new Dictionary<string, string> { ["Content-Type"] = "image/jpeg" }),
                null, $"/api/uploads/{PhotoId}", $"/api/uploads/{PhotoId}/complete"))
        .WithResponseExample(StatusCodes.Status201Created, "multipart", "Over 8 MiB: PUT each 8 MiB part (bytes offset…offset+length-1) to its URL, confirm it with its ETag, then POST completeUrl",
            new UploadTicket(PlanId, "Requested", "plano-estructural.pdf", Key(PlanId), Expires, null,
                new MultipartTicket(8 * MiB, 3, [Part(1), Part(2), Part(3)]), $"/api/uploads/{PlanId}", $"/api/uploads/{PlanId}/complete"))
        .WithResponseExample(StatusCodes.Status201Created, "batch", "A batch answers one ticket per file, in the order sent",
            new InitiateUploadBatchResponse([new UploadTicket(PhotoId, "Requested", "fachada-norte.jpg", Key(PhotoId), Expires,
                new SinglePutTicket("PUT", $"{Storage}/{Key(PhotoId)}?X-Amz-Signature=…", new Dictionary<string, string> { ["Content-Type"] = "image/jpeg" }),
                null, $"/api/uploads/{PhotoId}", $"/api/uploads/{PhotoId}/complete")]))
        .WithResponseExample(StatusCodes.Status200OK, "duplicate", "The same bytes (sha256) are already stored clean in the project: send nothing, use the existing upload",
            new UploadTicket(PhotoId, "Processed", "fachada-norte.jpg", Key(PhotoId), Expires, null, null, $"/api/uploads/{PhotoId}", $"/api/uploads/{PhotoId}/complete", Duplicate: true));

    public static RouteHandlerBuilder WithPartsExample(this RouteHandlerBuilder builder) => builder
        .WithResponseExample(StatusCodes.Status200OK, "resume", "Part 1 is stored and confirmed, part 2 arrived but was never confirmed, part 3 is missing: send part 3 only (sign it again if its URL expired)",
            new PartsResponse(8 * MiB, 3, 16 * MiB,
                [
                    new PartState(1, 0, 8 * MiB, true, "9b2cf535f27731c974343645a3985328", 8 * MiB, true, null),
                    new PartState(2, 8 * MiB, 8 * MiB, true, "1f2a8b7e6c5d4e3f2a1b0c9d8e7f6a5b", 8 * MiB, false, null),
                    new PartState(3, 16 * MiB, PlanSize - 16 * MiB, false, null, null, false, null),
                ], [3]));

    public static readonly OperationDocs.EventStream LiveEvents = new(
        [
            ("ready", "`{ projectId, uploadId, position }` once the stream is live (after any replay); position is the last event id sent"),
            (LiveUploadEvent.StatusKind, "a `LiveUploadEvent` `{ kind, sequence, upload, progress }`: the whole upload as GET /api/uploads/{id} shows it; keep the highest upload.version per upload"),
            (LiveUploadEvent.ProgressKind, "the same shape, sent when a multipart part is confirmed; `progress` has partCount, partsConfirmed, bytesConfirmed"),
            ("reset", "`{ detail }`: too much changed while away to replay; reload the list, the stream goes on from here"),
            ("expired", "`{ detail }`: the access token ran out; the stream ends. Log in again and reconnect with Last-Event-ID"),
        ],
        """
        retry: 3000

        id: 4711
        event: status
        data: {"kind":"status","sequence":4711,"upload":{"id":"0198f3a2-7c41-7d0e-9b6a-3f2d1c0e5a77","status":"Scanned","version":3,"fileName":"fachada-norte.jpg","…":"…"},"progress":null}

        event: ready
        data: {"projectId":"0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1","uploadId":null,"position":4711}

        : heartbeat

        """);

    public static RouteHandlerBuilder WithLoginExample(this RouteHandlerBuilder builder) =>
        builder.WithRequestExample("demo", "A seeded demo user (./run.sh)", new LoginRequest("empleado@demo.buildpeer.lat", "BuildPeer-demo-2026"));

    private static readonly Guid TenantId = Guid.Parse("7c1e4a9b-2d3f-4e5a-8b6c-0d1e2f3a4b5c");

    private static string Key(Guid id) => ObjectKeys.Original(TenantId, ProjectId, id);

    private static PartTicket Part(int n) => new(n, (n - 1) * 8 * MiB, n < 3 ? 8 * MiB : PlanSize - 16 * MiB,
        $"{Storage}/{Key(PlanId)}?partNumber={n}&uploadId=2~mFq8…&X-Amz-Signature=…");
}
