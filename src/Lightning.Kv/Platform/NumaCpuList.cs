namespace Lightning.Kv.Platform;

/// <summary>
/// Parses the kernel's CPU list format (<c>/sys/devices/system/node/nodeN/cpulist</c>): comma-separated CPU
/// numbers and inclusive ranges, such as <c>0-3,8-11</c> or <c>5</c>; empty for a node without CPUs.
/// </summary>
internal static class NumaCpuList
{
    /// <summary>CPU numbers at or above this are rejected, so a damaged file cannot make us allocate without bound.</summary>
    public const int MaxCpu = 1 << 16;

    /// <summary>The CPUs in <paramref name="text"/>, ascending and distinct; false when the text is not a CPU list.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int[] cpus)
    {
        cpus = [];
        text = text.Trim();
        if (text.IsEmpty) return true;
        var found = new SortedSet<int>();
        foreach (Range part in text.Split(','))
        {
            ReadOnlySpan<char> item = text[part].Trim();
            int dash = item.IndexOf('-');
            int first, last;
            if (dash < 0)
            {
                if (!TryParseCpu(item, out first)) return false;
                last = first;
            }
            else if (!TryParseCpu(item[..dash], out first) || !TryParseCpu(item[(dash + 1)..], out last) || last < first)
            {
                return false;
            }
            for (int cpu = first; cpu <= last; cpu++) found.Add(cpu);
        }
        cpus = new int[found.Count];
        found.CopyTo(cpus);
        return true;
    }

    private static bool TryParseCpu(ReadOnlySpan<char> text, out int cpu)
    {
        cpu = 0;
        if (text.IsEmpty || text.Length > 6) return false;
        foreach (char c in text)
        {
            if (c < '0' || c > '9') return false;
            cpu = cpu * 10 + (c - '0');
        }
        return cpu < MaxCpu;
    }
}
