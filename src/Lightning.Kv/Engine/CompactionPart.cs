using System.Collections.Concurrent;
using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;
using Lightning.Kv.Platform;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Engine;

/// <summary>
/// One key range [<see cref="From"/>, <see cref="To"/>) of a compaction, merged on a worker thread of its own: the
/// worker reads the runs through private uncached readers, merges them (newest wins, deletions kept) and hands
/// filled <see cref="CompactionChunk"/>s to the compaction thread, which applies them to the tree in key order.
/// Two chunks circulate per part, so a part holds at most two chunks of memory and its worker runs at most one chunk
/// ahead of the tree writer — the merge of one range overlaps the tree writes of another.
/// </summary>
internal sealed class CompactionPart : IDisposable
{
    private readonly BlockingCollection<CompactionChunk> _filled = new(2);
    private readonly BlockingCollection<CompactionChunk> _free = new(2);
    private readonly CompactionChunk[] _chunks;
    private readonly int _chunkBytes;
    private Thread? _worker;
    private volatile Exception? _error;

    public CompactionPart(byte[]? from, byte[]? to, int chunkBytes)
    {
        From = from;
        To = to;
        _chunkBytes = chunkBytes;
        _chunks = [new CompactionChunk(chunkBytes + 64 * 1024), new CompactionChunk(chunkBytes + 64 * 1024)];
        foreach (CompactionChunk chunk in _chunks) _free.Add(chunk);
    }

    /// <summary>The first key of the range (null: from the start).</summary>
    public byte[]? From { get; }

    /// <summary>The key the range stops before (null: to the end).</summary>
    public byte[]? To { get; }

    /// <summary>Starts the worker that merges <paramref name="runPaths"/> (newest first) over this range.</summary>
    public void Start(IFileSystem fs, string[] runPaths, ulong[] fileNumbers, Func<bool> placeThread, Action releaseThread, CancellationToken cancel)
    {
        _worker = new Thread(() => Merge(fs, runPaths, fileNumbers, placeThread, releaseThread, cancel))
        {
            IsBackground = true,
            Name = "Lightning.Kv compaction worker",
        };
        _worker.Start();
    }

    /// <summary>The next filled chunk in key order, or null when the range is done. Throws what the worker hit.</summary>
    public CompactionChunk? Next(CancellationToken cancel)
    {
        if (_filled.TryTake(out CompactionChunk? chunk, Timeout.Infinite, cancel)) return chunk;
        if (_error is { } error) throw error is LightningException ? error : new LightningException(LightningErrorCode.Unknown, "Compaction failed: " + error.Message, error);
        return null;
    }

    /// <summary>Gives an applied chunk back to the worker.</summary>
    public void Recycle(CompactionChunk chunk)
    {
        chunk.Clear();
        _free.Add(chunk);
    }

    private void Merge(IFileSystem fs, string[] runPaths, ulong[] fileNumbers, Func<bool> placeThread, Action releaseThread, CancellationToken cancel)
    {
        bool pinned = placeThread();
        var readers = new SstReader[runPaths.Length];
        var sources = new EntryIterator[runPaths.Length];
        int opened = 0;
        try
        {
            for (; opened < runPaths.Length; opened++)
            {
                readers[opened] = SstReader.Open(fs, runPaths[opened], fileNumbers[opened]);
                sources[opened] = readers[opened].NewIterator();
            }
            using var merge = new MergingIterator(sources, keepDeletions: true);
            merge.Seek(From, null, reverse: false);
            CompactionChunk chunk = _free.Take(cancel);
            while (merge.Valid && (To is null || merge.Key.SequenceCompareTo(To) < 0))
            {
                chunk.Add(merge.Key, merge.IsDeleted ? EntryKind.Delete : EntryKind.Put, merge.IsDeleted ? default : merge.Value);
                merge.Move();
                if (chunk.Bytes < _chunkBytes) continue;
                _filled.Add(chunk, cancel);
                chunk = _free.Take(cancel);
            }
            if (chunk.Count > 0) _filled.Add(chunk, cancel);
        }
        catch (OperationCanceledException)
        {
            // The compaction thread gave up (its own error, or the database is closing).
        }
        catch (Exception error)
        {
            _error = error;
        }
        finally
        {
            for (int i = 0; i < opened; i++)
            {
                sources[i].Dispose();
                readers[i].Dispose();
            }
            _filled.CompleteAdding();
            if (pinned) releaseThread();
        }
    }

    /// <summary>Waits for the worker to finish (after completion or cancellation), then frees the chunks.</summary>
    public void Dispose()
    {
        _worker?.Join();
        foreach (CompactionChunk chunk in _chunks) chunk.Dispose();
        _filled.Dispose();
        _free.Dispose();
    }
}
