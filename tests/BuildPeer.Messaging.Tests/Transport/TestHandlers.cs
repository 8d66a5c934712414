using System.Collections.Concurrent;

namespace BuildPeer.Messaging.Tests.Transport;

public sealed record Note(Guid Run, int Number, string Padding = "");

public sealed record SlowNote(Guid Run, int Milliseconds);

/// <summary>What the test handlers saw, per run, so tests sharing the process do not see each other's messages.</summary>
public static class Handled
{
    public static readonly ConcurrentDictionary<Guid, ConcurrentBag<int>> Notes = new();
    public static readonly ConcurrentDictionary<Guid, int> SlowNotes = new();

    public static IReadOnlyCollection<int> NotesOf(Guid run) => Notes.TryGetValue(run, out var bag) ? bag.ToArray() : [];
}

public static class NoteHandler
{
    public static void Handle(Note note) => Handled.Notes.GetOrAdd(note.Run, _ => []).Add(note.Number);
}

public static class SlowNoteHandler
{
    public static async Task Handle(SlowNote note, CancellationToken ct)
    {
        Handled.SlowNotes.AddOrUpdate(note.Run, 1, (_, n) => n + 1);
        await Task.Delay(note.Milliseconds, ct);
    }
}
