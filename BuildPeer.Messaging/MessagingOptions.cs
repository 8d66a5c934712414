namespace BuildPeer.Messaging;

/// <summary>Bound from the "Messaging" section. Defaults follow Wolverine's SQS transport where it has one.</summary>
public sealed class MessagingOptions
{
    public string UploadsQueue { get; set; } = "buildpeer-uploads";
    /// <summary>Defaults to "&lt;UploadsQueue&gt;-dlq".</summary>
    public string? DeadLetterQueue { get; set; }
    public int VisibilityTimeoutSeconds { get; set; } = 120;
    public int WaitTimeSeconds { get; set; } = 5;
    public int MaxMessagesPerReceive { get; set; } = 10;
    public int MaxConcurrentHandlers { get; set; } = 4;
    /// <summary>Cooldowns for transient failures; after the last one the message is dead-lettered.</summary>
    public TimeSpan[] RetryCooldowns { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];
    /// <summary>
    /// How long the inbox keeps a handled envelope's id, so a copy delivered again within it is dropped unhandled
    /// (Wolverine's default, 5 minutes); later copies reach handlers, which find their stage done.
    /// </summary>
    public TimeSpan KeepHandledEnvelopesFor { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// An outbox envelope still unsent after this long is handed back to any node (Wolverine's OutboxStaleTime). It
    /// catches the envelope a live node sent but could not delete (PostgreSQL restarting at that moment: the fault
    /// suite found two such rows left for good); a copy sent twice is dropped by the inbox or finds its stage done.
    /// </summary>
    public TimeSpan OutboxStaleAfter { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Create the queues at start-up (local emulator); in AWS the infrastructure creates them.</summary>
    public bool CreateQueues { get; set; }

    /// <summary>S3 ObjectCreated notifications (EventBridge or S3 → SQS); empty turns the S3 event path off.</summary>
    public string? S3EventsQueue { get; set; }

    public string DeadLetterQueueName => DeadLetterQueue ?? UploadsQueue + "-dlq";
}
