namespace Lightning.Kv.Platform;

/// <summary>One NUMA node: its number and the CPUs that belong to it (ascending).</summary>
internal sealed record NumaNode(int Id, int[] Cpus);
