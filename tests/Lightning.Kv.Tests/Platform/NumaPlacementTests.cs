using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.Platform;

/// <summary>Which node a database's background threads go to, and that a single-node machine pins nothing.</summary>
public sealed class NumaPlacementTests
{
    private static NumaTopology TwoNodesOf(int[] cpus) =>
        new([new NumaNode(0, [cpus[0]]), new NumaNode(1, [cpus[^1]])]);

    [Fact]
    public void NothingIsPinnedWhenOffOffLinuxOrOnOneNode()
    {
        var twoNodes = new NumaTopology([new NumaNode(0, [0]), new NumaNode(1, [1])]);
        var oneNode = new NumaTopology([new NumaNode(0, [0, 1, 2, 3])]);
        NumaPlacement off = NumaPlacement.Choose(numaAware: false, twoNodes, isLinux: true);
        NumaPlacement notLinux = NumaPlacement.Choose(numaAware: true, twoNodes, isLinux: false);
        NumaPlacement single = NumaPlacement.Choose(numaAware: true, oneNode, isLinux: true);
        NumaPlacement unknown = NumaPlacement.Choose(numaAware: true, new NumaTopology([]), isLinux: true);
        foreach (NumaPlacement placement in new[] { off, notLinux, single, unknown })
        {
            Assert.False(placement.ShouldPin);
            Assert.Null(placement.Node);
            Assert.False(BackgroundThreadPlacement.Apply(placement));
            Assert.Equal(0, placement.PinnedThreads);
        }
        Assert.Equal(2, off.NodeCount);
        Assert.Equal(1, single.NodeCount);
        Assert.Equal(1, unknown.NodeCount);
        Assert.Contains("off", off.Status);
        Assert.Contains("Linux", notLinux.Status);
        Assert.Contains("single", single.Status);
    }

    [Fact]
    public void DatabasesAreSpreadRoundRobinOverTheNodes()
    {
        var topology = new NumaTopology([new NumaNode(0, [0]), new NumaNode(3, [1])]);
        NumaPlacement first = NumaPlacement.Choose(numaAware: true, topology, isLinux: true);
        NumaPlacement second = NumaPlacement.Choose(numaAware: true, topology, isLinux: true);
        Assert.True(first.ShouldPin && second.ShouldPin);
        Assert.NotEqual(first.Node!.Id, second.Node!.Id); // consecutive opens take the other node
        Assert.Contains($"node {first.Node.Id}", first.Status);
    }

    [Fact]
    public void ABackgroundThreadPinsItselfToTheChosenNode()
    {
        if (!OperatingSystem.IsLinux()) return;
        NumaThreadAffinityTests.RunOnOwnThread(() =>
        {
            Assert.True(ThreadAffinity.TryGetCurrentThreadAffinity(out int[] cpus));
            NumaPlacement placement = NumaPlacement.Choose(numaAware: true, TwoNodesOf(cpus), isLinux: true);
            Assert.True(BackgroundThreadPlacement.Apply(placement));
            Assert.Equal(1, placement.PinnedThreads);
            Assert.True(ThreadAffinity.TryGetCurrentThreadAffinity(out int[] pinned));
            Assert.Equal(placement.Node!.Cpus, pinned);
            BackgroundThreadPlacement.Release(placement);
            Assert.Equal(0, placement.PinnedThreads);
        });
    }

    [Fact]
    public void AnOpenDatabaseReportsItsPlacementInMetrics()
    {
        using var dir = new TestDirectory("numa-db");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        NumaMetrics numa = db.GetMetrics().Numa;
        NumaTopology machine = NumaTopology.Current;
        Assert.Equal(machine.NodeCount, numa.NodeCount);
        if (machine.Nodes.Count < 2)
        {
            // A one-node machine (this one, and CI's): nothing to pin, and the metrics say so.
            Assert.False(numa.PinningActive);
            Assert.Equal(-1, numa.Node);
            Assert.Equal(0, numa.PinnedThreads);
            Assert.False(string.IsNullOrEmpty(numa.Status));
        }
    }
}
