namespace Lightning.Kv.Platform;

/// <summary>
/// One database's decision about where its background threads run. With NUMA awareness on, on Linux, and with
/// two or more nodes, each database is given one node, round-robin over the nodes in the order databases are
/// opened in this process, so several databases spread over the machine while each keeps its background work
/// (and the memory it first touches) on one node. Otherwise nothing is pinned, and <see cref="Status"/> says why.
/// </summary>
internal sealed class NumaPlacement
{
    private static int s_nextNode = -1;
    private int _pinnedThreads;
    private int _failedPins;

    private NumaPlacement(int nodeCount, NumaNode? node, string status)
    {
        NodeCount = nodeCount;
        Node = node;
        Status = status;
    }

    /// <summary>Nodes detected (at least 1).</summary>
    public int NodeCount { get; }

    /// <summary>The node to pin to; null when threads are left where the OS puts them.</summary>
    public NumaNode? Node { get; }

    /// <summary>True when background threads should pin themselves to <see cref="Node"/>.</summary>
    public bool ShouldPin => Node is not null;

    /// <summary>Why pinning is on or off.</summary>
    public string Status { get; }

    /// <summary>Background threads that pinned themselves and are still running.</summary>
    public int PinnedThreads => Volatile.Read(ref _pinnedThreads);

    /// <summary>Pin attempts the kernel refused.</summary>
    public int FailedPins => Volatile.Read(ref _failedPins);

    /// <summary>Decides the placement for a database being opened.</summary>
    public static NumaPlacement Choose(bool numaAware, NumaTopology topology, bool isLinux)
    {
        int nodes = topology.NodeCount;
        if (!numaAware) return new NumaPlacement(nodes, null, "NUMA awareness is off");
        if (!isLinux) return new NumaPlacement(nodes, null, "thread pinning is supported on Linux only");
        if (topology.Nodes.Count < 2) return new NumaPlacement(nodes, null, "single NUMA node: nothing to pin");
        int index = (int)((uint)Interlocked.Increment(ref s_nextNode) % (uint)topology.Nodes.Count);
        NumaNode node = topology.Nodes[index];
        return new NumaPlacement(nodes, node, $"background threads pinned to NUMA node {node.Id}");
    }

    internal void ReportPinned(bool pinned)
    {
        if (pinned) Interlocked.Increment(ref _pinnedThreads);
        else Interlocked.Increment(ref _failedPins);
    }

    internal void ReportThreadEnded() => Interlocked.Decrement(ref _pinnedThreads);
}
