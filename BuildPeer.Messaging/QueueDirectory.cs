using System.Collections.Concurrent;
using Amazon.SQS;

namespace BuildPeer.Messaging;

/// <summary>Queue name → URL, looked up once per name.</summary>
public sealed class QueueDirectory(IAmazonSQS sqs)
{
    private readonly ConcurrentDictionary<string, string> _urls = new();

    public async Task<string> UrlOfAsync(string queueName, CancellationToken ct)
    {
        if (_urls.TryGetValue(queueName, out var url)) return url;
        url = (await sqs.GetQueueUrlAsync(queueName, ct)).QueueUrl;
        _urls[queueName] = url;
        return url;
    }
}
