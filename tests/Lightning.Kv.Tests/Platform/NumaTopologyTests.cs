using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.Platform;

/// <summary>The cpulist parser and topology detection over a fake sysfs tree.</summary>
public sealed class NumaTopologyTests
{
    [Theory]
    [InlineData("0-3,8-11", new[] { 0, 1, 2, 3, 8, 9, 10, 11 })]
    [InlineData("5", new[] { 5 })]
    [InlineData("5\n", new[] { 5 })]
    [InlineData("", new int[0])]
    [InlineData("\n", new int[0])]
    [InlineData("0,2,4-5", new[] { 0, 2, 4, 5 })]
    [InlineData("3,1-2,2", new[] { 1, 2, 3 })]
    [InlineData("7-7", new[] { 7 })]
    public void ValidListsParse(string text, int[] expected)
    {
        Assert.True(NumaCpuList.TryParse(text, out int[] cpus));
        Assert.Equal(expected, cpus);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("3-1")]
    [InlineData("1,,2")]
    [InlineData("1;2")]
    [InlineData("0-99999999")]
    [InlineData("65536")]
    public void MalformedListsAreRejected(string text) => Assert.False(NumaCpuList.TryParse(text, out _));

    [Fact]
    public void NodesAreReadFromASysfsStyleDirectory()
    {
        using var root = new TestDirectory("numa");
        WriteNode(root.Path, "node1", "4-7\n");
        WriteNode(root.Path, "node0", "0-3\n");
        WriteNode(root.Path, "node2", "\n"); // memory-only node: no CPUs, not a place for threads
        Directory.CreateDirectory(Path.Combine(root.Path, "power")); // not a node
        NumaTopology topology = NumaTopology.DetectFrom(root.Path);
        Assert.Equal(2, topology.NodeCount);
        Assert.Equal([0, 1], topology.Nodes.Select(n => n.Id));
        Assert.Equal([4, 5, 6, 7], topology.Nodes[1].Cpus);
    }

    [Fact]
    public void AMissingOrDamagedTopologyCountsAsOneNode()
    {
        Assert.Equal(1, NumaTopology.DetectFrom("/nonexistent/lightning/node").NodeCount);
        using var root = new TestDirectory("numa-bad");
        WriteNode(root.Path, "node0", "0-3");
        WriteNode(root.Path, "node1", "garbage");
        NumaTopology topology = NumaTopology.DetectFrom(root.Path);
        Assert.Empty(topology.Nodes);
        Assert.Equal(1, topology.NodeCount);
    }

    [Fact]
    public void ThisMachineHasAtLeastOneNode()
    {
        NumaTopology topology = NumaTopology.Detect();
        Assert.True(topology.NodeCount >= 1);
        if (OperatingSystem.IsLinux() && Directory.Exists(NumaTopology.SysfsNodeDirectory))
        {
            Assert.NotEmpty(topology.Nodes);
            Assert.All(topology.Nodes, node => Assert.NotEmpty(node.Cpus));
        }
    }

    private static void WriteNode(string root, string node, string cpulist)
    {
        string directory = Path.Combine(root, node);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "cpulist"), cpulist);
    }
}
