namespace Lightning.Kv.Platform;

/// <summary>
/// The machine's NUMA nodes that have CPUs, read on Linux from <c>/sys/devices/system/node/node*/cpulist</c>.
/// Anywhere else, or when the files are missing or unreadable, the machine counts as one node.
/// </summary>
internal sealed class NumaTopology
{
    /// <summary>Where Linux describes the nodes.</summary>
    public const string SysfsNodeDirectory = "/sys/devices/system/node";

    private static readonly Lazy<NumaTopology> s_current = new(Detect);

    public NumaTopology(IReadOnlyList<NumaNode> nodes) => Nodes = nodes;

    /// <summary>Nodes that have CPUs, by ascending id; empty when the topology is unknown.</summary>
    public IReadOnlyList<NumaNode> Nodes { get; }

    /// <summary>How many nodes threads can be placed on: at least 1.</summary>
    public int NodeCount => Math.Max(1, Nodes.Count);

    /// <summary>This machine's topology, detected once per process (it does not change while we run).</summary>
    public static NumaTopology Current => s_current.Value;

    /// <summary>Reads this machine's topology.</summary>
    public static NumaTopology Detect() =>
        OperatingSystem.IsLinux() ? DetectFrom(SysfsNodeDirectory) : new NumaTopology([]);

    /// <summary>Reads a sysfs-style node directory (a seam for tests).</summary>
    public static NumaTopology DetectFrom(string nodeDirectory)
    {
        var nodes = new List<NumaNode>();
        try
        {
            if (!Directory.Exists(nodeDirectory)) return new NumaTopology(nodes);
            foreach (string directory in Directory.GetDirectories(nodeDirectory, "node*"))
            {
                string name = Path.GetFileName(directory);
                if (!int.TryParse(name.AsSpan(4), System.Globalization.NumberStyles.None, null, out int id)) continue;
                string listFile = Path.Combine(directory, "cpulist");
                if (!File.Exists(listFile)) continue;
                // A list we cannot read means we do not know the machine: fall back to "one node" rather than guess.
                if (!NumaCpuList.TryParse(File.ReadAllText(listFile), out int[] cpus)) return new NumaTopology([]);
                if (cpus.Length > 0) nodes.Add(new NumaNode(id, cpus));
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new NumaTopology([]);
        }
        nodes.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new NumaTopology(nodes);
    }
}
