using System.Buffers;
using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Lightning.Kv.Sst;

namespace Lightning.Kv;

// Zero-copy point reads: the same lookup as Get (memtables, level-0 runs, then the tree), but the value is lent
// to a callback instead of copied out, so a read allocates nothing.
public sealed partial class LightningDb
{
    /// <summary>
    /// Looks up <paramref name="key"/> and, when it is present, calls <paramref name="reader"/> once with the value
    /// in place, without copying or allocating (values in overflow pages are assembled into a pooled buffer).
    /// The span must not be used after <paramref name="reader"/> returns; debug builds poison it then.
    /// A static lambda (<c>static (value, state) =&gt; ...</c>) keeps the call free of allocations.
    /// </summary>
    /// <returns>True when the key was found and <paramref name="reader"/> was called; false when it is absent.</returns>
    public bool TryRead<TState>(ReadOnlySpan<byte> key, TState state, ValueReader<TState> reader)
        where TState : allows ref struct
    {
        KvLimits.CheckKey(key);
        if (reader is null) Throw.Invalid("The value reader must not be null.");
        ThrowIfDisposed();
        Snapshot snapshot = _versions.Acquire();
        try
        {
            return TryReadAt(snapshot, key, state, reader);
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <summary>The zero-copy read at a pinned snapshot (shared with <see cref="KvTransaction"/>).</summary>
    internal bool TryReadAt<TState>(Snapshot snapshot, ReadOnlySpan<byte> key, TState state, ValueReader<TState> reader)
        where TState : allows ref struct
    {
        // Counted as a get; a timed sample includes the reader callback's own work.
        long start = _metrics.Gets.Start();
        try
        {
            return TryReadAtUntimed(snapshot, key, state, reader);
        }
        finally
        {
            _metrics.Gets.Stop(start);
        }
    }

    private bool TryReadAtUntimed<TState>(Snapshot snapshot, ReadOnlySpan<byte> key, TState state, ValueReader<TState> reader)
        where TState : allows ref struct
    {
        if (FindInMemtables(snapshot, key, out MemTable? table, out long node))
        {
            if (table.KindOf(node) == EntryKind.Delete) return false;
            // Arena memory stays put while the snapshot pins the memtable's Version.
            Lend(table.ValueOf(node), state, reader);
            return true;
        }
        if (FindInLevel0(snapshot.Version, key, out EntryKind kind, out SstBlock block, out int offset, out int runValueLength))
        {
            try
            {
                if (kind == EntryKind.Delete) return false;
                // Cached blocks are immutable; a pooled block is returned only by the Release below.
                Lend(block.Contents.Slice(offset, runValueLength), state, reader);
                return true;
            }
            finally
            {
                block.Release();
            }
        }
        if (!TreeReader.TryFind(_pageFile, snapshot.Version.Tree, key, out byte[] leaf, out int index)) return false;
        if (!LeafPage.IsOverflow(leaf, index))
        {
            // Cached pages are immutable (copy-on-write) and the array stays alive while referenced.
            Lend(LeafPage.InlineValue(leaf, index), state, reader);
            return true;
        }
        int length = LeafPage.ValueLength(leaf, index);
        byte[] assembled = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            OverflowChain.Read(_pageFile, LeafPage.OverflowPage(leaf, index), assembled.AsSpan(0, length));
            reader(assembled.AsSpan(0, length), state);
        }
        finally
        {
            ZeroCopyLoan.Poison(assembled.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(assembled);
        }
        return true;
    }

    /// <summary>Hands a span to the reader; debug builds lend a poisoned-after-use copy instead (<see cref="ZeroCopyLoan"/>).</summary>
    internal static void Lend<TState>(ReadOnlySpan<byte> value, TState state, ValueReader<TState> reader)
        where TState : allows ref struct
    {
#if DEBUG
        ZeroCopyLoan.LendCopy(value, state, reader);
#else
        reader(value, state);
#endif
    }
}
