using System.Diagnostics;
using Lightning.Kv.Metrics;

namespace Lightning.Kv.Engine;

/// <summary>
/// Group commit (LevelDB's writer queue): committers queue up; the one at the front becomes the leader,
/// takes the commits queued behind it as one group, writes them with one WAL append and one fsync,
/// and wakes the others with their results. Throughput grows with concurrency while each commit still
/// waits for its own durability.
/// <para>
/// A follower first spins briefly outside the lock (a group of single puts takes a few microseconds), and only then
/// sleeps on the monitor; the leader pulses only when someone sleeps. Sleeping at once made two threads of single
/// puts hand the queue back and forth through futex wake-ups and context switches, slower than one thread alone.
/// </para>
/// </summary>
internal sealed class CommitQueue
{
    private const long MaxGroupBytes = 4L * 1024 * 1024;
    private readonly Queue<PendingCommit> _queue = new();
    private readonly List<PendingCommit> _group = new();
    private readonly LockWaitCounter? _waits;
    private PendingCommit? _head; // the queue's front, readable without the lock
    private int _sleepers;

    /// <summary>Spin iterations a follower tries before sleeping (<see cref="SpinWait.SpinOnce(int)"/>, no sleeps).</summary>
    internal const int FollowerSpins = 60;

    /// <param name="waits">Where to record the time committers wait for the groups ahead of them; null records nothing.</param>
    public CommitQueue(LockWaitCounter? waits = null) => _waits = waits;

    /// <summary>
    /// Waits until <paramref name="commit"/> is done by another leader (false) or is at the front and has gathered
    /// its group (true): spinning first, then sleeping on the monitor.
    /// </summary>
    private bool WaitToLead(PendingCommit commit)
    {
        // The clock is read only when there is a wait, so an uncontended commit pays nothing for it.
        long waitStart = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        for (int i = 0; i < FollowerSpins && !commit.Done && !ReferenceEquals(Volatile.Read(ref _head), commit); i++)
            spinner.SpinOnce(sleep1Threshold: -1);
        if (commit.Done)
        {
            _waits?.RecordSince(waitStart);
            return false;
        }
        lock (_queue)
        {
            while (!commit.Done && !ReferenceEquals(_queue.Peek(), commit))
            {
                _sleepers++;
                Monitor.Wait(_queue);
                _sleepers--;
            }
            _waits?.RecordSince(waitStart);
            if (commit.Done) return false;
            GatherGroup();
            return true;
        }
    }

    /// <summary>The leader takes the commits queued from the front, up to <see cref="MaxGroupBytes"/>. Lock held.</summary>
    private void GatherGroup()
    {
        _group.Clear();
        long bytes = 0;
        foreach (PendingCommit queued in _queue)
        {
            if (_group.Count > 0 && bytes + queued.WriteSet.Length > MaxGroupBytes) break;
            _group.Add(queued);
            bytes += queued.WriteSet.Length;
        }
    }

    /// <summary>Runs <paramref name="commit"/>; <paramref name="processGroup"/> is invoked by whichever thread leads its group.</summary>
    public void Run(PendingCommit commit, Action<List<PendingCommit>> processGroup)
    {
        bool leads;
        lock (_queue)
        {
            _queue.Enqueue(commit);
            leads = ReferenceEquals(_queue.Peek(), commit);
            if (leads)
            {
                _head = commit;
                GatherGroup();
            }
        }
        if (!leads && !WaitToLead(commit)) return;

        // The group is processed outside the lock so followers can keep queueing behind it.
        try
        {
            processGroup(_group);
        }
        catch (Exception error)
        {
            foreach (PendingCommit member in _group) member.Error ??= error;
        }
        finally
        {
            lock (_queue)
            {
                for (int i = 0; i < _group.Count; i++)
                {
                    PendingCommit done = _queue.Dequeue();
                    done.Done = true;
                }
                Volatile.Write(ref _head, _queue.Count > 0 ? _queue.Peek() : null);
                if (_sleepers > 0) Monitor.PulseAll(_queue);
            }
        }
    }
}
