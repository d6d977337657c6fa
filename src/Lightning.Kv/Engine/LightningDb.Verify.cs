using Lightning.Kv.BTree;
using Lightning.Kv.Engine;
using Lightning.Kv.Sst;

namespace Lightning.Kv;

// The integrity check: every page of the tree file and every block of the level-0 runs read from disk and checked.
public sealed partial class LightningDb
{
    /// <summary>
    /// Checks the database files' integrity, reading every page from disk: checksums, key order, tree shape,
    /// overflow chains, the entry count, and that every page is reachable exactly once or free; and every block of
    /// every level-0 run: checksums and key order. Runs alongside reads, writes and flushes; compactions wait while it
    /// runs. (The write-ahead log is verified at open.)
    /// </summary>
    public VerifyResult Verify()
    {
        ThrowIfDisposed();
        _metrics.TreeLockWait.Enter(_treeLock);
        try
        {
            Snapshot snapshot = _versions.Acquire(); // keeps the runs' files while they are read
            try
            {
                TreeRoot tree = snapshot.Version.Tree;
                var verifier = new TreeVerifier(_pageFile);
                verifier.Verify(tree, _allocator.Save());
                long runEntries = 0;
                foreach (Level0Run run in snapshot.Version.Level0) runEntries += VerifyRun(run, verifier.Problems);
                return new VerifyResult(verifier.Problems, verifier.PagesChecked, verifier.Entries, tree.Height,
                    _allocator.FreeCount + _allocator.PendingCount, snapshot.Version.Level0.Length, runEntries);
            }
            finally
            {
                snapshot.Release();
            }
        }
        finally
        {
            _treeLock.Exit();
        }
    }

    /// <summary>Reads every entry of <paramref name="run"/> from disk (uncached), noting damage and order violations.</summary>
    private long VerifyRun(Level0Run run, List<string> problems)
    {
        long entries = 0;
        try
        {
            using SstReader reader = SstReader.Open(_fileSystem, run.Reader.Path, run.FileNumber);
            using SstIterator iterator = reader.NewIterator();
            byte[] previous = new byte[KvLimits.MaxKeySize];
            int previousLength = -1;
            for (iterator.SeekForward(null); iterator.Valid; iterator.Next())
            {
                ReadOnlySpan<byte> key = iterator.Key;
                if (previousLength >= 0 && key.SequenceCompareTo(previous.AsSpan(0, previousLength)) <= 0)
                {
                    problems.Add($"level-0 run {run.Reader.Path}: keys out of order after entry {entries}");
                    break;
                }
                key.CopyTo(previous);
                previousLength = key.Length;
                entries++;
            }
            if (entries != reader.Properties.EntryCount)
                problems.Add($"level-0 run {run.Reader.Path}: {entries} entries read, its properties say {reader.Properties.EntryCount}");
        }
        catch (LightningException error)
        {
            problems.Add($"level-0 run {run.Reader.Path}: {error.Message}");
        }
        return entries;
    }
}
