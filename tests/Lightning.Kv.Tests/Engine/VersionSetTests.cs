using System.Collections.Concurrent;
using Lightning.Kv.BTree;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Version = Lightning.Kv.Engine.Version;

namespace Lightning.Kv.Tests.Engine;

public sealed class VersionSetTests
{
    private static readonly MemTable SharedTable = new(); // a memtable reserves 1 MiB: share one

    private static Version NewVersion(VersionSet set, ulong treeTxn) =>
        new(set, SharedTable, [], [], new TreeRoot(0, 0, treeTxn, 0, 0));

    /// <summary>True when <paramref name="version"/> still has references (TryAcquire only fails at zero).</summary>
    private static bool IsAlive(Version version)
    {
        if (!version.TryAcquire()) return false;
        version.Release();
        return true;
    }

    [Fact]
    public void AcquireReturnsTheCurrentVersionAndTheVisibleSequence()
    {
        var set = new VersionSet();
        Version v1 = NewVersion(set, 1);
        set.Install(v1);
        set.PublishSequence(42);
        Snapshot snapshot = set.Acquire();
        Assert.Same(v1, snapshot.Version);
        Assert.Equal(42ul, snapshot.Sequence);
        Assert.Same(v1, set.Current);
        Assert.Equal(42ul, set.VisibleSequence);
        snapshot.Release();
        Assert.True(IsAlive(v1)); // the set still holds the current version
    }

    [Fact]
    public void ReplacedVersionLivesUntilItsLastSnapshotIsReleased()
    {
        var set = new VersionSet();
        Version v1 = NewVersion(set, 1);
        set.Install(v1);
        Snapshot a = set.Acquire();
        Snapshot b = set.Acquire();

        Version v2 = NewVersion(set, 2);
        set.Install(v2);
        Assert.Same(v2, set.Acquire().Version); // (leaked on purpose: v2 stays pinned)
        Assert.Equal(1ul, set.OldestPinnedTreeTxn());
        Assert.True(IsAlive(v1));

        a.Release();
        Assert.Equal(1ul, set.OldestPinnedTreeTxn());
        b.Release();
        Assert.False(IsAlive(v1));
        Assert.Equal(2ul, set.OldestPinnedTreeTxn());
    }

    [Fact]
    public void UnpinnedVersionsDieOnInstall()
    {
        var set = new VersionSet();
        Version v1 = NewVersion(set, 1);
        set.Install(v1);
        set.Install(NewVersion(set, 2));
        Assert.False(IsAlive(v1));
        Assert.Equal(2ul, set.OldestPinnedTreeTxn());
    }

    [Fact]
    public void OldestPinnedTreeTxnIsTheMinimumOverLiveVersions()
    {
        var set = new VersionSet();
        var snapshots = new List<Snapshot>();
        foreach (ulong txn in new ulong[] { 5, 3, 9, 7 }) // txn order need not match install order
        {
            set.Install(NewVersion(set, txn));
            snapshots.Add(set.Acquire());
        }
        Assert.Equal(3ul, set.OldestPinnedTreeTxn());
        snapshots[1].Release(); // txn 3
        Assert.Equal(5ul, set.OldestPinnedTreeTxn());
        snapshots[0].Release(); // txn 5
        Assert.Equal(7ul, set.OldestPinnedTreeTxn());
        snapshots[2].Release(); // txn 9: still current, still live
        snapshots[3].Release(); // txn 7 (current)
        Assert.Equal(7ul, set.OldestPinnedTreeTxn());
    }

    [Fact]
    public void ReleasingMoreOftenThanAcquiringThrows()
    {
        var set = new VersionSet();
        Version v1 = NewVersion(set, 1);
        set.Install(v1);
        set.Install(NewVersion(set, 2)); // v1 drops to zero
        Assert.Throws<InvalidOperationException>(v1.Release);
    }

    [Fact]
    public void ConcurrentAcquireReleaseWhileVersionsAreInstalled()
    {
        var set = new VersionSet();
        var installed = new ConcurrentQueue<Version>();
        Version first = NewVersion(set, 1);
        installed.Enqueue(first);
        set.Install(first);
        set.PublishSequence(1);
        var errors = new ConcurrentQueue<string>();
        var stop = new ManualResetEventSlim();
        const int Installs = 80_000;

        // The installer mimics the engine: a version becomes current, then its sequence is published.
        var installer = new Thread(() =>
        {
            for (ulong txn = 2; txn <= Installs; txn++)
            {
                Version next = NewVersion(set, txn);
                installed.Enqueue(next);
                set.Install(next);
                set.PublishSequence(txn);
                if (txn % 64 == 0) Thread.Yield();
            }
            stop.Set();
        });

        long acquisitions = 0;
        var readers = Enumerable.Range(0, 4).Select(r => new Thread(() =>
        {
            var random = new Random(r);
            var held = new List<Snapshot>();
            while (!stop.IsSet || held.Count > 0)
            {
                if (!stop.IsSet && (held.Count == 0 || (held.Count < 8 && random.Next(2) == 0)))
                {
                    Snapshot snapshot = set.Acquire();
                    Interlocked.Increment(ref acquisitions);
                    Version version = snapshot.Version;
                    if (!version.TryAcquire()) errors.Enqueue($"Acquire returned released version {version.Tree.TxnId}");
                    else version.Release();
                    if (snapshot.Sequence > version.Tree.TxnId)
                        errors.Enqueue($"sequence {snapshot.Sequence} was published after version {version.Tree.TxnId} was replaced");
                    if (set.OldestPinnedTreeTxn() > version.Tree.TxnId)
                        errors.Enqueue($"version {version.Tree.TxnId} is pinned but the set no longer counts it");
                    held.Add(snapshot);
                }
                else
                {
                    int at = random.Next(held.Count);
                    held[at].Release();
                    held.RemoveAt(at);
                }
            }
        })).ToList();

        installer.Start();
        readers.ForEach(t => t.Start());
        installer.Join();
        readers.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.True(Interlocked.Read(ref acquisitions) > 0);
        // Balanced: every version but the current one is gone, and the set counts only the current one.
        Version current = set.Current;
        Assert.Equal((ulong)Installs, current.Tree.TxnId);
        Assert.All(installed.Where(v => !ReferenceEquals(v, current)), v => Assert.False(IsAlive(v)));
        Assert.Equal((ulong)Installs, set.OldestPinnedTreeTxn());
        set.Install(NewVersion(set, Installs + 1));
        Assert.False(IsAlive(current)); // its count was exactly the set's one reference
    }
}
