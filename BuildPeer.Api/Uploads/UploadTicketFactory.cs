using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Api.Uploads;

public static class UploadTicketFactory
{
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
