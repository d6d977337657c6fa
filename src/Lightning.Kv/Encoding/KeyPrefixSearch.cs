using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lightning.Kv.Encoding;

/// <summary>
/// Counts how many entries of an ascending array of <see cref="KeyPrefix"/> values lie below a limit: binary
/// search narrows to a window of at most <see cref="ScanWindow"/> prefixes, then a vector scan counts inside
/// it (<see cref="Vector256"/> 4 prefixes per compare, <see cref="Vector128"/> 2 when 256-bit vectors are not
/// accelerated, a scalar loop otherwise). This is the first stage of a tree-page search; entries whose prefix
/// equals the probe's still need a full-key compare.
/// </summary>
internal static class KeyPrefixSearch
{
    /// <summary>Binary search stops narrowing at this many prefixes (two cache lines) and the vector scan takes over.</summary>
    public const int ScanWindow = 16;

    private const ulong SignBit = 1UL << 63;

    /// <summary>The number of prefixes &lt; <paramref name="limit"/> (the index of the first one &gt;= it).</summary>
    public static int CountBelow(ReadOnlySpan<ulong> prefixes, ulong limit)
    {
        ref ulong first = ref MemoryMarshal.GetReference(prefixes);
        int low = 0, high = prefixes.Length;
        while (high - low > ScanWindow)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (Unsafe.Add(ref first, mid) < limit) low = mid + 1;
            else high = mid;
        }
        return low + CountBelowInWindow(prefixes.Slice(low, high - low), limit);
    }

    /// <summary>The number of prefixes &lt;= <paramref name="probe"/> (the index of the first one &gt; it).</summary>
    public static int CountAtOrBelow(ReadOnlySpan<ulong> prefixes, ulong probe) =>
        probe == ulong.MaxValue ? prefixes.Length : CountBelow(prefixes, probe + 1);

    /// <summary>The vector count over a short window, with the widest accelerated vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountBelowInWindow(ReadOnlySpan<ulong> window, ulong limit)
    {
        if (Vector256.IsHardwareAccelerated) return CountBelowVector256(window, limit);
        if (Vector128.IsHardwareAccelerated) return CountBelowVector128(window, limit);
        return CountBelowScalar(window, limit);
    }

    /// <summary>Scalar count; the fallback, and the reference the vector versions are tested against.</summary>
    public static int CountBelowScalar(ReadOnlySpan<ulong> window, ulong limit)
    {
        int count = 0;
        // Ascending input: the first prefix at or above the limit ends the run.
        while (count < window.Length && window[count] < limit) count++;
        return count;
    }

    /// <summary>
    /// Four prefixes per compare. x86 before AVX-512 has only a signed 64-bit compare, so both sides get their
    /// sign bit flipped, which maps unsigned order onto signed order.
    /// </summary>
    public static int CountBelowVector256(ReadOnlySpan<ulong> window, ulong limit)
    {
        ref ulong first = ref MemoryMarshal.GetReference(window);
        Vector256<long> sign = Vector256.Create(long.MinValue);
        Vector256<long> bound = Vector256.Create((long)(limit ^ SignBit));
        int count = 0;
        int lastVector = window.Length - Vector256<ulong>.Count;
        for (; count <= lastVector; count += Vector256<ulong>.Count)
        {
            Vector256<long> values = Vector256.LoadUnsafe(ref first, (nuint)count).AsInt64() ^ sign;
            uint below = Vector256.LessThan(values, bound).ExtractMostSignificantBits();
            // Ascending input: a vector with a lane at or above the limit holds the end of the run.
            if (below != 0b1111) return count + BitOperations.PopCount(below);
        }
        return count + CountBelowScalar(window[count..], limit);
    }

    /// <summary>Two prefixes per compare (SSE4.2 or AdvSIMD); the same sign-flip as <see cref="CountBelowVector256"/>.</summary>
    public static int CountBelowVector128(ReadOnlySpan<ulong> window, ulong limit)
    {
        ref ulong first = ref MemoryMarshal.GetReference(window);
        Vector128<long> sign = Vector128.Create(long.MinValue);
        Vector128<long> bound = Vector128.Create((long)(limit ^ SignBit));
        int count = 0;
        int lastVector = window.Length - Vector128<ulong>.Count;
        for (; count <= lastVector; count += Vector128<ulong>.Count)
        {
            Vector128<long> values = Vector128.LoadUnsafe(ref first, (nuint)count).AsInt64() ^ sign;
            uint below = Vector128.LessThan(values, bound).ExtractMostSignificantBits();
            if (below != 0b11) return count + BitOperations.PopCount(below);
        }
        return count + CountBelowScalar(window[count..], limit);
    }
}
