using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lightning.Kv.Metrics;

/// <summary>
/// An exact event counter that threads on different cores increment without sharing a cache line: one cell per
/// processor (by <see cref="Thread.GetCurrentProcessorId"/>), padded apart, summed on read. Two threads that
/// happen to share a processor id still add atomically.
/// </summary>
internal sealed class StripedCounter
{
    // 128 bytes apart: two cache lines, because adjacent-line prefetch pairs lines.
    private const int CellStride = 16;
    private readonly long[] _cells;
    private readonly int _mask;

    public StripedCounter()
    {
        int stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount, 1, 64));
        _mask = stripes - 1;
        _cells = new long[stripes * CellStride];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment() => Interlocked.Increment(ref _cells[(Thread.GetCurrentProcessorId() & _mask) * CellStride]);

    /// <summary>The total so far.</summary>
    public long Read()
    {
        long total = 0;
        for (int i = 0; i < _cells.Length; i += CellStride) total += Volatile.Read(ref _cells[i]);
        return total;
    }
}
