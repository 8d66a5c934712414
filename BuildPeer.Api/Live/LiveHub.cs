using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BuildPeer.Api.Live;

/// <summary>This instance's SSE subscribers; the listener hands it every change, it passes each to the subscribers whose scope matches.</summary>
public sealed class LiveHub(IOptions<LiveOptions> options)
{
    private readonly ConcurrentDictionary<Guid, LiveSubscription> _subscriptions = new();

    public int SubscriberCount => _subscriptions.Count;

    public LiveSubscription Subscribe(LiveScope scope)
    {
        var subscription = new LiveSubscription(scope, options.Value.SubscriberBuffer);
        _subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    public void Unsubscribe(LiveSubscription subscription)
    {
        if (_subscriptions.TryRemove(subscription.Id, out _)) subscription.Complete();
    }

    public void Publish(UploadChange change)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.Scope.Matches(change)) subscription.Deliver(change);
        }
    }

    /// <summary>After the listener reconnects: notifications sent while it was away are lost, so everyone catches up.</summary>
    public void ResyncAll()
    {
        foreach (var subscription in _subscriptions.Values) subscription.RequestResync();
    }
}
