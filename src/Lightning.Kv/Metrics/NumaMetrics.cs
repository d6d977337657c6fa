namespace Lightning.Kv;

/// <summary>Where the database's background threads run (part of <see cref="LightningDbMetrics"/>).</summary>
public sealed record NumaMetrics
{
    /// <summary>NUMA nodes with CPUs that were detected (1 on single-node machines and where detection is unsupported).</summary>
    public int NodeCount { get; init; }

    /// <summary>True once at least one background thread was pinned to <see cref="Node"/>.</summary>
    public bool PinningActive { get; init; }

    /// <summary>The node background threads are pinned to; -1 when they are not pinned.</summary>
    public int Node { get; init; }

    /// <summary>Background threads currently pinned.</summary>
    public int PinnedThreads { get; init; }

    /// <summary>Why pinning is or is not active, in words (e.g. "single NUMA node").</summary>
    public string Status { get; init; } = "";
}
