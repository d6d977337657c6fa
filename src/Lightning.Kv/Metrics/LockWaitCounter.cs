using System.Diagnostics;

namespace Lightning.Kv.Metrics;

/// <summary>How often, and for how long in total, threads waited for one lock (only waits are recorded, not uncontended entries).</summary>
internal sealed class LockWaitCounter
{
    private long _waits;
    private long _ticks;

    /// <summary>Records a wait that began at <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) and ends now.</summary>
    public void RecordSince(long startTimestamp)
    {
        Interlocked.Increment(ref _waits);
        Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - startTimestamp);
    }

    /// <summary>Enters <paramref name="gate"/>, recording the wait when it was held by another thread.</summary>
    public void Enter(Lock gate)
    {
        if (gate.TryEnter()) return;
        long start = Stopwatch.GetTimestamp();
        gate.Enter();
        RecordSince(start);
    }

    public long Waits => Volatile.Read(ref _waits);

    public TimeSpan TotalWait => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _ticks));
}
