using System.Runtime.InteropServices;

namespace Lightning.Kv.Platform;

/// <summary>
/// Restricts the calling thread to a set of CPUs (Linux <c>sched_setaffinity</c>, with <c>cpu_set_t</c> as a span
/// of 64-bit words). Everywhere else, and on any failure, the calls return false and change nothing.
/// </summary>
internal static unsafe class ThreadAffinity
{
    // glibc's cpu_set_t holds 1024 CPUs; the kernel wants at least its own nr_cpu_ids bits, so grow on EINVAL.
    private const int DefaultWords = 1024 / 64;
    private const int MaxWords = NumaCpuList.MaxCpu / 64;
    private const int EINVAL = 22;

    /// <summary>Pins the calling thread to <paramref name="cpus"/>; false when not on Linux, the set is empty or the kernel refused.</summary>
    public static bool TryPinCurrentThread(ReadOnlySpan<int> cpus)
    {
        if (!OperatingSystem.IsLinux() || cpus.IsEmpty) return false;
        int highest = 0;
        foreach (int cpu in cpus)
        {
            if (cpu < 0 || cpu >= NumaCpuList.MaxCpu) return false;
            highest = Math.Max(highest, cpu);
        }
        int words = Math.Max(DefaultWords, highest / 64 + 1);
        Span<ulong> mask = words <= 128 ? stackalloc ulong[words] : new ulong[words];
        mask.Clear();
        foreach (int cpu in cpus) mask[cpu >> 6] |= 1UL << (cpu & 63);
        try
        {
            fixed (ulong* bits = mask)
                return ThreadAffinityNative.SchedSetAffinity(0, (nuint)(words * sizeof(ulong)), bits) == 0;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The CPUs the calling thread may run on, ascending; false when not on Linux or the call failed.</summary>
    public static bool TryGetCurrentThreadAffinity(out int[] cpus)
    {
        cpus = [];
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            for (int words = DefaultWords; words <= MaxWords; words *= 2)
            {
                var mask = new ulong[words];
                int result;
                fixed (ulong* bits = mask)
                    result = ThreadAffinityNative.SchedGetAffinity(0, (nuint)(words * sizeof(ulong)), bits);
                if (result == 0)
                {
                    cpus = ToCpus(mask);
                    return true;
                }
                if (Marshal.GetLastPInvokeError() != EINVAL) return false;
            }
            return false;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static int[] ToCpus(ReadOnlySpan<ulong> mask)
    {
        var cpus = new List<int>();
        for (int word = 0; word < mask.Length; word++)
        {
            ulong bits = mask[word];
            while (bits != 0)
            {
                int bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                cpus.Add(word * 64 + bit);
                bits &= bits - 1;
            }
        }
        return cpus.ToArray();
    }
}
