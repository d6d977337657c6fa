using System.Runtime.CompilerServices;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Memtable;

/// <summary>
/// The in-memory, ordered, multi-version write buffer: a skip list in an <see cref="Arena"/>, ordered by
/// key ascending then sequence descending, so the newest version of a key comes first. One writer (the
/// commit leader) inserts; any number of readers search and iterate without locks, because a node is fully
/// written before the volatile store that links it in.
/// </summary>
internal sealed class MemTable
{
    internal const int MaxHeight = 24;

    // Node layout (8-aligned): u64 sequence<<8|kind, i32 keyLength, i32 valueLength, i32 height, i32 flags,
    // then per level a link (i64 next, u64 KeyPrefix of next's key), key bytes, value bytes — or, for a value over
    // InlineValueLimit (flag ValueOutOfLine), the i64 address of the value in the separate value arena.
    // Large values kept out of the nodes keep the nodes dense: a search visits ~log2(n) nodes, and with 5 KiB values
    // inline each visit was a cache and TLB miss of its own somewhere in 64 MiB; out of line, the nodes of a memtable
    // of large values fit in the CPU cache and only the one value a read returns is touched.
    // The successor's prefix beside the pointer lets a search decide "descend" without touching the successor
    // node (a cache miss in a large memtable): in a skip list about half of all node visits are such failed probes.
    private const int LinkSize = 16;
    private const int SeqOffset = 0;
    private const int KeyLengthOffset = 8;
    private const int ValueLengthOffset = 12;
    private const int HeightOffset = 16;
    private const int FlagsOffset = 20;
    private const int ValueOutOfLine = 1;

    /// <summary>Values longer than this live in the value arena, not in their node.</summary>
    internal const int InlineValueLimit = 256;
    private const int NextOffset = 24;
    private const long Head = 0;

    private readonly Arena _arena = new();
    private readonly Arena _values = new();
    private readonly Random _random = new(unchecked((int)0x5EED1234));
    // The last node of each level (Head when the level is empty); writer-only. An insert after every existing entry
    // (ascending keys: sequential ids, an ordered commit batch) takes these as its predecessors instead of searching.
    private readonly long[] _tails = new long[MaxHeight];
    private int _maxHeight = 1;
    private long _entryCount;
    private long _dataBytes;

    public MemTable()
    {
        long head = _arena.Allocate(NextOffset + MaxHeight * LinkSize);
        if (head != Head) throw new InvalidOperationException("The skip list head must be the arena's first allocation.");
        _arena.Span(head, NextOffset + MaxHeight * LinkSize).Clear();
        _arena.IntAt(head + HeightOffset) = MaxHeight;
    }

    /// <summary>Lowest sequence number inserted (0 when empty).</summary>
    public ulong FirstSequence { get; private set; }

    /// <summary>Highest sequence number inserted (0 when empty).</summary>
    public ulong LastSequence { get; private set; }

    public long EntryCount => Volatile.Read(ref _entryCount);

    /// <summary>Memory used by entries, for the flush trigger.</summary>
    public long ApproximateBytes => _arena.BytesAllocated + _values.BytesAllocated;

    /// <summary>Memory held, including the unused tail of the current chunk.</summary>
    public long ReservedBytes => _arena.BytesReserved + _values.BytesReserved;

    /// <summary>Key and value bytes inserted (without node overhead).</summary>
    public long DataBytes => Volatile.Read(ref _dataBytes);

    /// <summary>Inserts one version. Single writer only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: see docs/architecture.md, "Warm from the start"
    public void Add(ulong sequence, EntryKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Span<long> previous = stackalloc long[MaxHeight];
        long last = _tails[0];
        if (last == Head || Compare(last, key, sequence) < 0) _tails.CopyTo(previous);
        else FindGreaterOrEqual(key, sequence, previous);
        int height = RandomHeight();
        int maxHeight = _maxHeight;
        if (height > maxHeight)
        {
            for (int i = maxHeight; i < height; i++) previous[i] = Head;
            Volatile.Write(ref _maxHeight, height);
        }

        bool outOfLine = value.Length > InlineValueLimit;
        int nodeSize = NextOffset + height * LinkSize + key.Length + (outOfLine ? 8 : value.Length);
        long node = _arena.Allocate(nodeSize);
        _arena.LongAt(node + SeqOffset) = (long)(sequence << 8 | (byte)kind);
        _arena.IntAt(node + KeyLengthOffset) = key.Length;
        _arena.IntAt(node + ValueLengthOffset) = value.Length;
        _arena.IntAt(node + HeightOffset) = height;
        _arena.IntAt(node + FlagsOffset) = outOfLine ? ValueOutOfLine : 0;
        long dataAt = node + NextOffset + height * LinkSize;
        key.CopyTo(_arena.Span(dataAt, key.Length));
        if (outOfLine)
        {
            long valueAt = _values.Allocate(value.Length);
            value.CopyTo(_values.Span(valueAt, value.Length));
            // Unaligned: the key before it has any length.
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(_arena.Span(dataAt + key.Length, 8), valueAt);
        }
        else value.CopyTo(_arena.Span(dataAt + key.Length, value.Length));
        ulong prefix = KeyPrefix.Of(key);
        for (int i = 0; i < height; i++)
        {
            long link = NextAddress(previous[i], i);
            long successor = Volatile.Read(ref _arena.LongAt(link));
            _arena.LongAt(NextAddress(node, i)) = successor;
            _arena.LongAt(NextAddress(node, i) + 8) = _arena.LongAt(link + 8);
            // The prefix goes in before the pointer: a reader that sees the new pointer sees its prefix, and one
            // that sees the old pointer with the new (smaller) prefix still only ever descends correctly.
            _arena.LongAt(link + 8) = (long)prefix;
            // Publishing: the node is complete before any reader can reach it.
            Volatile.Write(ref _arena.LongAt(link), node);
            if (successor == 0) _tails[i] = node;
        }

        if (FirstSequence == 0) FirstSequence = sequence;
        LastSequence = sequence;
        Interlocked.Increment(ref _entryCount);
        Interlocked.Add(ref _dataBytes, key.Length + value.Length);
    }

    /// <summary>
    /// Finds the newest version of <paramref name="key"/> visible at <paramref name="snapshot"/>.
    /// Returns false when this memtable holds no such version.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, ulong snapshot, out EntryKind kind, out long node)
    {
        node = FindGreaterOrEqual(key, snapshot, default);
        if (node != 0 && KeyOf(node).SequenceEqual(key))
        {
            kind = KindOf(node);
            return true;
        }
        kind = default;
        node = 0;
        return false;
    }

    /// <summary>The sequence number of the newest version of <paramref name="key"/>, or 0 when absent.</summary>
    public ulong LatestSequence(ReadOnlySpan<byte> key)
    {
        long node = FindGreaterOrEqual(key, ulong.MaxValue >> 8, default);
        return node != 0 && KeyOf(node).SequenceEqual(key) ? SequenceOf(node) : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> KeyOf(long node)
    {
        int height = _arena.IntAt(node + HeightOffset);
        return _arena.Span(node + NextOffset + height * LinkSize, _arena.IntAt(node + KeyLengthOffset));
    }

    public ReadOnlySpan<byte> ValueOf(long node) => ValueMemoryOf(node).Span;

    public ReadOnlyMemory<byte> ValueMemoryOf(long node)
    {
        int height = _arena.IntAt(node + HeightOffset);
        int keyLength = _arena.IntAt(node + KeyLengthOffset);
        long valueAt = node + NextOffset + height * LinkSize + keyLength;
        int valueLength = _arena.IntAt(node + ValueLengthOffset);
        if ((_arena.IntAt(node + FlagsOffset) & ValueOutOfLine) == 0) return _arena.Memory(valueAt, valueLength);
        return _values.Memory(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(_arena.Span(valueAt, 8)), valueLength);
    }

    public ReadOnlyMemory<byte> KeyMemoryOf(long node)
    {
        int height = _arena.IntAt(node + HeightOffset);
        return _arena.Memory(node + NextOffset + height * LinkSize, _arena.IntAt(node + KeyLengthOffset));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong SequenceOf(long node) => (ulong)_arena.LongAt(node + SeqOffset) >> 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EntryKind KindOf(long node) => (EntryKind)(byte)_arena.LongAt(node + SeqOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long NextAddress(long node, int level) => node + NextOffset + level * LinkSize;

    /// <summary>
    /// Whether the link of <paramref name="node"/> at <paramref name="level"/> (read after its pointer) proves
    /// that its successor sorts after a key with prefix <paramref name="probe"/>: a strictly greater prefix
    /// means a greater key. Ties prove nothing, and the caller compares full keys.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool SuccessorIsAbove(long node, int level, ulong probe) =>
        probe < (ulong)_arena.LongAt(NextAddress(node, level) + 8);

    /// <summary>The successor prefix stored in a link (tests check it against the successor's key).</summary>
    internal ulong LinkPrefix(long node, int level) => (ulong)_arena.LongAt(NextAddress(node, level) + 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long Next(long node, int level) => Volatile.Read(ref _arena.LongAt(NextAddress(node, level)));

    /// <summary>Orders a node against (key, sequence): key ascending, then sequence descending.</summary>
    private int Compare(long node, ReadOnlySpan<byte> key, ulong sequence)
    {
        int c = KeyOf(node).SequenceCompareTo(key);
        if (c != 0) return c;
        ulong own = SequenceOf(node);
        return own > sequence ? -1 : own < sequence ? 1 : 0;
    }

    /// <summary>First node at or after (key, sequence); fills <paramref name="previous"/> when it is not empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: see docs/architecture.md, "Warm from the start"
    internal long FindGreaterOrEqual(ReadOnlySpan<byte> key, ulong sequence, Span<long> previous)
    {
        long x = Head;
        int level = Volatile.Read(ref _maxHeight) - 1;
        ulong probe = KeyPrefix.Of(key);
        while (true)
        {
            long next = Next(x, level);
            if (next != 0 && !SuccessorIsAbove(x, level, probe) && Compare(next, key, sequence) < 0)
            {
                x = next;
                continue;
            }
            if (!previous.IsEmpty) previous[level] = x;
            if (level == 0) return next;
            level--;
        }
    }

    /// <summary>Last node whose key is strictly less than <paramref name="key"/>, or 0.</summary>
    internal long FindLessThan(ReadOnlySpan<byte> key)
    {
        long x = Head;
        int level = Volatile.Read(ref _maxHeight) - 1;
        ulong probe = KeyPrefix.Of(key);
        while (true)
        {
            long next = Next(x, level);
            if (next != 0 && !SuccessorIsAbove(x, level, probe) && KeyOf(next).SequenceCompareTo(key) < 0)
            {
                x = next;
                continue;
            }
            if (level == 0) return x == Head ? 0 : x;
            level--;
        }
    }

    /// <summary>The last node in the list, or 0 when empty.</summary>
    internal long FindLast()
    {
        long x = Head;
        int level = Volatile.Read(ref _maxHeight) - 1;
        while (true)
        {
            long next = Next(x, level);
            if (next != 0)
            {
                x = next;
                continue;
            }
            if (level == 0) return x == Head ? 0 : x;
            level--;
        }
    }

    private int RandomHeight()
    {
        int height = 1;
        while (height < MaxHeight && (_random.Next() & 1) == 0) height++;
        return height;
    }
}
