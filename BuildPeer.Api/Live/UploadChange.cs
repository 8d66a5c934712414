using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildPeer.Api.Live;

/// <summary>One NOTIFY from the upload_status trigger (migration 005): which upload changed, never its contents.</summary>
public sealed record UploadChange(
    [property: JsonPropertyName("tenant_id")] Guid TenantId,
    [property: JsonPropertyName("project_id")] Guid ProjectId,
    [property: JsonPropertyName("upload_id")] Guid UploadId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("last_sequence")] long LastSequence,
    [property: JsonPropertyName("kind")] string Kind)
{
    public const string Channel = "upload_status";

    /// <summary>Null for a payload that is not ours (someone else NOTIFYing on the channel).</summary>
    public static UploadChange? TryParse(string payload)
    {
        try
        {
            var change = JsonSerializer.Deserialize<UploadChange>(payload);
            return change is { TenantId: var t, UploadId: var u } && t != Guid.Empty && u != Guid.Empty ? change : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
