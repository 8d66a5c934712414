namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>
/// What this transport does not do, refused when the host starts rather than discovered in production:
/// FIFO queues, messages over SQS's 256 KB, and per-tenant brokers.
/// </summary>
internal static class StartupRefusals
{
    public const int MaximumMessageBytes = 262_144;

    public static void ThrowIfUnsupported(AmazonSqsTransport transport)
    {
        var problems = new List<string>();
        if (transport.TenantedIdBehavior != transport.DefaultTenantedIdBehavior)
            problems.Add("per-tenant SQS brokers or tenant-specific queues (TenantedIdBehavior) are not supported: use one broker and carry the tenant id on the envelope");
        foreach (var queue in transport.Queues)
        {
            if (queue.QueueName.EndsWith(".fifo", StringComparison.OrdinalIgnoreCase) || queue.Attributes.ContainsKey("FifoQueue"))
                problems.Add($"queue '{queue.QueueName}': FIFO queues are not supported (no MessageGroupId/deduplication handling)");
            if (queue.Attributes.TryGetValue("MaximumMessageSize", out var size) && (!int.TryParse(size, out var bytes) || bytes > MaximumMessageBytes))
                problems.Add($"queue '{queue.QueueName}': MaximumMessageSize {size} is over {MaximumMessageBytes} bytes; larger messages (S3-backed payloads) are not supported");
            if (queue.VisibilityTimeout is < 1 or > 43_200)
                problems.Add($"queue '{queue.QueueName}': VisibilityTimeout must be 1–43200 seconds, not {queue.VisibilityTimeout}");
            if (queue.WaitTimeSeconds is < 0 or > 20)
                problems.Add($"queue '{queue.QueueName}': WaitTimeSeconds must be 0–20, not {queue.WaitTimeSeconds}");
            if (queue.MaxNumberOfMessages is < 1 or > 10)
                problems.Add($"queue '{queue.QueueName}': MaxNumberOfMessages must be 1–10, not {queue.MaxNumberOfMessages}");
        }
        if (problems.Count > 0)
            throw new NotSupportedException("The SQS transport (BuildPeer.Wolverine.AmazonSqs) refuses this configuration:\n - " + string.Join("\n - ", problems));
    }
}
