using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Lightning.Kv.Platform;
using Lightning.Kv.Sst;

namespace Lightning.Kv;

// Level 0: a full memtable becomes a sorted run file; at open, the runs the tree does not yet cover are loaded.
public sealed partial class LightningDb
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>The folder of level-0 run files, inside the database directory (docs/formats/sst.md).</summary>
    internal const string Level0Directory = "l0";

    private long _lastFileNumber;

    private string RunDirectory => System.IO.Path.Combine(Path, Level0Directory);

    /// <summary>
    /// Flushes the oldest immutable memtable: writes it as a level-0 run, installs a version that reads the run
    /// instead of the memtable, then deletes the log segments the run covers. Runs on the flush thread only.
    /// </summary>
    private void FlushOldestMemtable()
    {
        MemTable table = _versions.Current.Immutables[^1];
        Level0Run? run = table.EntryCount > 0 ? WriteLevel0Run(table) : null;
        Level0Run[] level0;
        lock (_installLock)
        {
            Engine.Version latest = _versions.Current;
            level0 = run is null ? latest.Level0 : Prepend(run, latest.Level0);
            _versions.Install(new Engine.Version(_versions, latest.Active, latest.Immutables[..^1], level0, latest.Tree));
        }
        ReportLevel0(level0);
        // The run is durable (file and name fsynced) before the log that also holds its commits goes.
        _ = _wal.DeleteCoveredBy(table.LastSequence);
        if (level0.Length >= _options.Level0CompactionTrigger) SignalCompactor();
    }

    /// <summary>
    /// Writes <paramref name="table"/>'s newest entry per key (tombstones included: they hide older runs and the tree)
    /// to a temporary file, fsyncs it, and renames it to its run name. A file with a run name is always complete, so
    /// open can treat any damage in one as corruption rather than as an interrupted flush.
    /// </summary>
    private Level0Run WriteLevel0Run(MemTable table)
    {
        ulong number = (ulong)Interlocked.Increment(ref _lastFileNumber);
        string finalPath = System.IO.Path.Combine(RunDirectory, SstFileName.For(number));
        string temporaryPath = finalPath + TemporarySuffix;
        SstWriter writer = SstWriter.Create(_fileSystem, temporaryPath);
        try
        {
            var iterator = new MemTableIterator(table, ulong.MaxValue >> 8);
            for (iterator.SeekForward(null); iterator.Valid; iterator.Next())
            {
                long node = iterator.CurrentNode;
                writer.Add(table.KeyOf(node), table.SequenceOf(node), table.KindOf(node), table.ValueOf(node));
            }
            writer.Finish();
            writer.Dispose();
            _fileSystem.Rename(temporaryPath, finalPath);
            _fileSystem.SyncDirectory(RunDirectory);
        }
        catch (IOException error)
        {
            writer.Abandon();
            throw LightningIOException.From(error, finalPath, "write the level-0 run");
        }
        catch
        {
            writer.Abandon();
            throw;
        }
        return OpenRun(_fileSystem, finalPath, number);
    }

    private Level0Run OpenRun(IFileSystem fs, string path, ulong number)
    {
        SstReader reader = SstReader.Open(fs, path, number, _sstCache);
        return new Level0Run(fs, reader, _sstCache, reader.FileSize);
    }

    /// <summary>
    /// Opens the runs in the database directory that hold commits newer than the tree (newest first), deletes the
    /// ones a compaction already merged into the tree and leftovers of interrupted flushes, and notes the highest
    /// file number in use.
    /// </summary>
    private Level0Run[] LoadLevel0Runs(IFileSystem fs, ulong treeSequence)
    {
        var runs = new List<Level0Run>();
        if (!fs.DirectoryExists(RunDirectory))
        {
            fs.CreateDirectory(RunDirectory);
            fs.SyncDirectory(Path);
            return [];
        }
        try
        {
            foreach (string name in fs.ListFiles(RunDirectory))
            {
                string path = System.IO.Path.Combine(RunDirectory, name);
                if (name.EndsWith(SstFileName.Extension + TemporarySuffix, StringComparison.Ordinal))
                {
                    fs.DeleteFile(path); // a flush that never finished: its commits are still in the log
                    continue;
                }
                if (!SstFileName.TryParse(name, out ulong number)) continue;
                _lastFileNumber = Math.Max(_lastFileNumber, (long)number);
                Level0Run run = OpenRun(fs, path, number);
                if (run.MaxSequence <= treeSequence)
                {
                    run.MarkObsolete(); // merged into the tree before the last close; deletes the file
                    continue;
                }
                runs.Add(run);
            }
            // Newest first; the sequence ranges of runs never overlap, as each holds one memtable's commits.
            runs.Sort(static (a, b) => b.MaxSequence.CompareTo(a.MaxSequence));
            return runs.ToArray();
        }
        catch
        {
            foreach (Level0Run run in runs) run.Close();
            throw;
        }
    }

    private void ReportLevel0(Level0Run[] level0)
    {
        long bytes = 0;
        foreach (Level0Run run in level0) bytes += run.FileSize;
        _metrics.ReportLevel0(level0.Length, bytes);
    }

    private static Level0Run[] Prepend(Level0Run run, Level0Run[] runs)
    {
        var result = new Level0Run[runs.Length + 1];
        result[0] = run;
        runs.CopyTo(result, 1);
        return result;
    }

    /// <summary>Looks <paramref name="key"/> up in the version's level-0 runs, newest first; the block stays held when found.</summary>
    private static bool FindInLevel0(Engine.Version version, ReadOnlySpan<byte> key, out EntryKind kind, out SstBlock block,
        out int valueOffset, out int valueLength)
    {
        Level0Run[] runs = version.Level0;
        if (runs.Length > 0)
        {
            ulong hash = SstKeyHash.Compute(key); // once, for every run's bloom filter
            foreach (Level0Run run in runs)
                if (run.Reader.TryLocate(key, hash, out kind, out _, out block, out valueOffset, out valueLength)) return true;
        }
        kind = default;
        block = default;
        valueOffset = valueLength = 0;
        return false;
    }
}
