using System.Runtime.CompilerServices;

namespace Lightning.Kv.Memtable;

/// <summary>
/// Bump allocator for memtable nodes, keys and values: a few large chunks instead of one GC object per
/// entry. Addresses are <c>chunk &lt;&lt; 32 | offset</c>; address 0 is the skip list head, so 0 doubles as null.
/// One writer allocates; readers only read memory that was published to them through the skip list.
/// </summary>
internal sealed class Arena
{
    private const int ChunkSize = 1 << 20; // 1 MiB
    private const int DedicatedThreshold = ChunkSize / 4;

    private byte[][] _chunks = new byte[8][];
    private int _chunkCount;
    private int _currentChunk = -1;
    private int _currentOffset = ChunkSize;
    private long _bytesReserved;
    private long _bytesAllocated;

    /// <summary>Bytes held by this arena's chunks.</summary>
    public long BytesReserved => Volatile.Read(ref _bytesReserved);

    /// <summary>Bytes handed out so far; what the memtable's flush trigger measures.</summary>
    public long BytesAllocated => Volatile.Read(ref _bytesAllocated);

    /// <summary>Allocates <paramref name="size"/> bytes aligned to 8; returns the address.</summary>
    public long Allocate(int size)
    {
        size = (size + 7) & ~7;
        Volatile.Write(ref _bytesAllocated, _bytesAllocated + size);
        if (size > DedicatedThreshold)
        {
            // Large values get a chunk of their own so they do not waste the rest of a shared chunk.
            int dedicated = AddChunk(size);
            return (long)dedicated << 32;
        }
        if (_currentOffset + size > ChunkSize)
        {
            _currentChunk = AddChunk(ChunkSize);
            _currentOffset = 0;
        }
        long address = ((long)_currentChunk << 32) | (uint)_currentOffset;
        _currentOffset += size;
        return address;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Span(long address, int length) =>
        Volatile.Read(ref _chunks)[(int)(address >> 32)].AsSpan((int)(uint)address, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlyMemory<byte> Memory(long address, int length) =>
        Volatile.Read(ref _chunks)[(int)(address >> 32)].AsMemory((int)(uint)address, length);

    /// <summary>A reference to an 8-aligned long, for volatile link reads and writes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long LongAt(long address) =>
        ref Unsafe.As<byte, long>(ref Volatile.Read(ref _chunks)[(int)(address >> 32)][(int)(uint)address]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref int IntAt(long address) =>
        ref Unsafe.As<byte, int>(ref Volatile.Read(ref _chunks)[(int)(address >> 32)][(int)(uint)address]);

    private int AddChunk(int size)
    {
        byte[][] chunks = _chunks;
        if (_chunkCount == chunks.Length)
        {
            var grown = new byte[chunks.Length * 2][];
            Array.Copy(chunks, grown, chunks.Length);
            chunks = grown;
        }
        chunks[_chunkCount] = GC.AllocateUninitializedArray<byte>(size);
        // Publish the (possibly new) chunk table before any address into it can be published.
        Volatile.Write(ref _chunks, chunks);
        Interlocked.Add(ref _bytesReserved, size);
        return _chunkCount++;
    }
}
