using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Api.Uploads;

public static class UploadTicketFactory
{
    /// <summary>The answer for a file already stored clean in the project: nothing to send, point at the existing upload.</summary>
    public static UploadTicket Duplicate(BuildPeer.Uploads.Projection.UploadStatus existing, DateTimeOffset now) =>
        new(existing.Id, existing.Status.ToString(), existing.FileName, existing.ObjectKey, now, null, null,
            $"/api/uploads/{existing.Id}", $"/api/uploads/{existing.Id}/complete", Duplicate: true);

    public static UploadTicket Create(UploadRequested e, UploadPlan plan, ObjectStorage storage, UploadLimits limits, DateTimeOffset now)
    {
        var lifetime = limits.PresignedUrlLifetime;
        SinglePutTicket? put = null;
        MultipartTicket? multipart = null;
        if (plan.Multipart)
        {
            var parts = plan.Parts.Select(p => new PartTicket(p.PartNumber, p.Offset, p.Length,
                storage.PresignPart(e.ObjectKey, e.MultipartUploadId!, p.PartNumber, lifetime))).ToList();
            multipart = new MultipartTicket(plan.PartSize, parts.Count, parts);
        }
        else
        {
            put = new SinglePutTicket("PUT", storage.PresignPut(e.ObjectKey, e.ContentType, lifetime),
                new Dictionary<string, string> { ["Content-Type"] = e.ContentType });
        }
        return new UploadTicket(e.UploadId, "Requested", e.FileName, e.ObjectKey, now.Add(lifetime), put, multipart,
            $"/api/uploads/{e.UploadId}", $"/api/uploads/{e.UploadId}/complete");
    }
}
