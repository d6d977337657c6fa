using System.Runtime.CompilerServices;

namespace Lightning.Kv.Metrics;

/// <summary>
/// Decides, per thread and at random, which operations of a sampled kind are timed. Random rather than every
/// n-th so that a thread alternating between operation kinds or databases cannot alias with the period and
/// leave one of them never timed. A per-thread xorshift generator: no shared state, no allocation.
/// </summary>
internal static class OperationSampler
{
    [ThreadStatic]
    private static ulong t_state;

    /// <summary>True with probability 2^-<paramref name="shift"/> (shift 1..63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Take(int shift)
    {
        ulong x = t_state;
        if (x == 0) x = Seed();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        t_state = x;
        return x >> (64 - shift) == 0; // the high bits of xorshift64 are its best ones
    }

    private static ulong Seed()
    {
        // SplitMix64 of the thread id: distinct, never-zero starting points per thread.
        ulong z = (ulong)Environment.CurrentManagedThreadId * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z == 0 ? 1 : z;
    }
}
