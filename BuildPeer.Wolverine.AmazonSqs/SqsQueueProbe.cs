namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>Asks SQS itself about every queue the transport uses (an open TCP port is not an answer).</summary>
internal static class SqsQueueProbe
{
    public static async Task<(bool Healthy, string Message, Dictionary<string, object> Data)> ProbeAsync(AmazonSqsTransport transport, CancellationToken ct)
    {
        var data = new Dictionary<string, object>();
        var failures = new List<string>();
        if (transport.Client is null) return (false, "not connected yet", data);
        foreach (var queue in transport.Queues.Where(q => q.IsListener || q.Subscriptions.Count > 0 || q.DeadLetterQueueName is not null))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var response = await transport.Client.GetQueueAttributesAsync(new Amazon.SQS.Model.GetQueueAttributesRequest
                {
                    QueueUrl = await queue.EnsureUrlAsync(timeout.Token),
                    AttributeNames = ["ApproximateNumberOfMessages"],
                }, timeout.Token);
                data[queue.QueueName] = response.ApproximateNumberOfMessages;
            }
            catch (Exception e)
            {
                failures.Add($"{queue.QueueName}: {e.Message}");
            }
        }
        return failures.Count == 0 ? (true, $"{data.Count} queue(s) answer", data) : (false, string.Join("; ", failures), data);
    }
}
