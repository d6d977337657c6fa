namespace Lightning.Kv;

/// <summary>
/// Writers that had to wait because <see cref="LightningDbOptions.MaxImmutableMemtables"/> full memtables were
/// already waiting for the flush (part of <see cref="LightningDbMetrics"/>). Each stall is also logged as the
/// <c>WriteStall</c> event of the <c>Lightning-Kv</c> EventSource.
/// </summary>
public sealed record WriteStallMetrics
{
    /// <summary>Stalls since open.</summary>
    public long Count { get; init; }

    /// <summary>Total time writers spent stalled.</summary>
    public TimeSpan TotalTime { get; init; }
}
