using System.Runtime.CompilerServices;
using System.Buffers.Binary;

namespace Lightning.Kv.Encoding;

/// <summary>
/// Builds the encoded write set of one commit, which is the WAL record payload byte for byte
/// (docs/formats/wal.md): <c>u32 count</c>, then per entry <c>u8 kind, varint keyLength, key[, varint valueLength, value]</c>.
/// Encoding once, at the time of the write, means the commit path never re-encodes.
/// </summary>
internal sealed class WriteSetBuilder
{
    private byte[] _buffer;
    private int _length;

    public WriteSetBuilder(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(initialCapacity, 16)];
        _length = 4;
    }

    public int Count { get; private set; }

    /// <summary>Encoded size in bytes, including the count header.</summary>
    public int Length => _length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: see docs/architecture.md, "Warm from the start"
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        KvLimits.CheckKey(key);
        KvLimits.CheckValue(value);
        Append(EntryKind.Put, key, value);
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        KvLimits.CheckKey(key);
        Append(EntryKind.Delete, key, default);
    }

    public void Clear()
    {
        _length = 4;
        Count = 0;
    }

    /// <summary>The encoded write set; valid until the next mutation.</summary>
    public ReadOnlySpan<byte> Encoded()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)Count);
        return _buffer.AsSpan(0, _length);
    }

    private void Append(EntryKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        long needed = (long)_length + 1 + VarInt.MaxLength * 2 + key.Length + value.Length;
        if (needed > KvLimits.MaxBatchSize) Throw.BatchTooLarge(needed);
        if (needed > _buffer.Length) Grow(needed);
        Span<byte> span = _buffer.AsSpan(_length);
        int at = 0;
        span[at++] = (byte)kind;
        at += VarInt.Write(span[at..], (uint)key.Length);
        key.CopyTo(span[at..]);
        at += key.Length;
        if (kind == EntryKind.Put)
        {
            at += VarInt.Write(span[at..], (uint)value.Length);
            value.CopyTo(span[at..]);
            at += value.Length;
        }
        _length += at;
        Count++;
    }

    private void Grow(long needed)
    {
        long size = Math.Max(needed, (long)_buffer.Length * 2);
        size = Math.Min(size, Array.MaxLength);
        if (size < needed) Throw.BatchTooLarge(needed);
        Array.Resize(ref _buffer, (int)size);
    }
}
