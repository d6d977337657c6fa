using System.Diagnostics.Tracing;

namespace Lightning.Kv.Metrics;

/// <summary>
/// The engine's log events, as an <see cref="EventSource"/> named <c>Lightning-Kv</c> (no logging package needed:
/// <c>dotnet-trace</c>, <c>dotnet-monitor</c>, an in-process <see cref="EventListener"/> or OpenTelemetry's
/// EventSource bridge all read it). Events cost one flag check while nobody listens.
/// </summary>
[EventSource(Name = SourceName)]
internal sealed class LightningKvEventSource : EventSource
{
    /// <summary>The event source name.</summary>
    public const string SourceName = "Lightning-Kv";

    /// <summary>The id of <see cref="WriteStall"/>.</summary>
    public const int WriteStallEventId = 1;

    /// <summary>The id of <see cref="Level0Stall"/>.</summary>
    public const int Level0StallEventId = 2;

    /// <summary>The one instance.</summary>
    public static readonly LightningKvEventSource Log = new();

    private LightningKvEventSource()
    {
    }

    /// <summary>A writer waited <paramref name="milliseconds"/> because <paramref name="waitingMemtables"/> full memtables were waiting for the flush.</summary>
    [Event(WriteStallEventId, Level = EventLevel.Warning,
        Message = "Write stall in {0}: a writer waited {1} ms for the flush of {2} full memtables")]
    public void WriteStall(string databasePath, double milliseconds, int waitingMemtables)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.None)) WriteEvent(WriteStallEventId, databasePath, milliseconds, waitingMemtables);
    }

    /// <summary>A writer waited <paramref name="milliseconds"/> because <paramref name="level0Runs"/> level-0 runs were waiting for compaction.</summary>
    [Event(Level0StallEventId, Level = EventLevel.Warning,
        Message = "Write stall in {0}: a writer waited {1} ms for the compaction of {2} level-0 runs")]
    public void Level0Stall(string databasePath, double milliseconds, int level0Runs)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.None)) WriteEvent(Level0StallEventId, databasePath, milliseconds, level0Runs);
    }
}
