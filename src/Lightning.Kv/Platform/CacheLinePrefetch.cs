using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Lightning.Kv.Platform;

/// <summary>
/// Asks the CPU to start loading cache lines of a block before the search that needs them, so the lines arrive
/// together instead of one dependent miss after another. A hint only: it never faults, and where the platform has
/// no prefetch instruction it does nothing.
/// </summary>
internal static class CacheLinePrefetch
{
    /// <summary>The cache line size the hints assume (x86-64 and most ARM64 cores).</summary>
    public const int LineSize = 64;

    internal static bool s_disabled; // A/B toggle for measurements

    /// <summary>Hints the first <paramref name="length"/> bytes of <paramref name="block"/> (from line 1: the caller reads line 0 itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Lines(byte[] block, int length)
    {
        if (!Sse.IsSupported || s_disabled) return;
        length = Math.Min(length, block.Length);
        // The address may go stale if the GC moves the array right now; a prefetch of a stale address is harmless.
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(block));
        for (int offset = LineSize; offset < length; offset += LineSize) Sse.Prefetch0(start + offset);
    }
}
