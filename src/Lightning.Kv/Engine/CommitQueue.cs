using System.Diagnostics;
using Lightning.Kv.Metrics;

namespace Lightning.Kv.Engine;

/// <summary>
/// Group commit (LevelDB's writer queue): committers queue up; the one at the front becomes the leader,
/// takes the commits queued behind it as one group, writes them with one WAL append and one fsync,
/// and wakes the others with their results. Throughput grows with concurrency while each commit still
/// waits for its own durability.
/// </summary>
internal sealed class CommitQueue
{
    private const long MaxGroupBytes = 4L * 1024 * 1024;
    private readonly Queue<PendingCommit> _queue = new();
    private readonly List<PendingCommit> _group = new();
    private readonly LockWaitCounter? _waits;

    /// <param name="waits">Where to record the time committers wait for the groups ahead of them; null records nothing.</param>
    public CommitQueue(LockWaitCounter? waits = null) => _waits = waits;

    /// <summary>Runs <paramref name="commit"/>; <paramref name="processGroup"/> is invoked by whichever thread leads its group.</summary>
    public void Run(PendingCommit commit, Action<List<PendingCommit>> processGroup)
    {
        long waitStart = 0;
        lock (_queue)
        {
            _queue.Enqueue(commit);
            // The clock is read only when there is a wait, so an uncontended commit pays nothing for it.
            if (!ReferenceEquals(_queue.Peek(), commit)) waitStart = Stopwatch.GetTimestamp();
            while (!commit.Done && !ReferenceEquals(_queue.Peek(), commit)) Monitor.Wait(_queue);
            if (waitStart != 0) _waits?.RecordSince(waitStart);
            if (commit.Done) return;

            // Leader: gather the group while still holding the lock.
            _group.Clear();
            long bytes = 0;
            foreach (PendingCommit queued in _queue)
            {
                if (_group.Count > 0 && bytes + queued.WriteSet.Length > MaxGroupBytes) break;
                _group.Add(queued);
                bytes += queued.WriteSet.Length;
            }
        }

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
                Monitor.PulseAll(_queue);
            }
        }
    }
}
