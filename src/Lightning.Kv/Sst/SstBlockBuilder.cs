using System.Buffers;
using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// Builds the contents of one data block: entries whose keys share a prefix with the previous key store only the
/// rest (prefix compression), except every <c>restartInterval</c>-th entry, a restart point, which stores its whole
/// key; the block ends with the restart offsets and their count so a reader can binary-search them.
/// Entry: varint shared, varint unshared, varint value length, u8 kind, u64 sequence, key suffix, value.
/// Buffers come from <see cref="ArrayPool{T}"/> and are reused from block to block.
/// </summary>
internal sealed class SstBlockBuilder : IDisposable
{
    /// <summary>The most bytes an entry header takes: three varints, the kind and the sequence.</summary>
    public const int MaxEntryHeaderSize = 3 * VarInt.MaxLength + 1 + 8;

    private readonly int _restartInterval;
    private readonly int _initialCapacity;
    private byte[] _buffer;
    private int _length;
    private int[] _restarts = new int[16];
    private int _restartCount;
    private int _sinceRestart;
    private readonly byte[] _lastKey = new byte[KvLimits.MaxKeySize];
    private int _lastKeyLength;

    /// <summary>Creates a builder that places a restart point every <paramref name="restartInterval"/> entries.</summary>
    public SstBlockBuilder(int restartInterval, int initialCapacity)
    {
        _restartInterval = restartInterval;
        _initialCapacity = initialCapacity;
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Entries in the block so far.</summary>
    public int Count { get; private set; }

    /// <summary>The size the block's contents would have if finished now.</summary>
    public int EstimatedSize => _length + (_restartCount + 1) * 4;

    /// <summary>The last key added (valid until the next <see cref="Add"/> or <see cref="Reset"/>).</summary>
    public ReadOnlySpan<byte> LastKey => _lastKey.AsSpan(0, _lastKeyLength);

    /// <summary>Appends an entry; the caller has checked that <paramref name="key"/> sorts after the previous one.</summary>
    public void Add(ReadOnlySpan<byte> key, ulong sequence, EntryKind kind, ReadOnlySpan<byte> value)
    {
        int shared = 0;
        if (_sinceRestart == _restartInterval || Count == 0)
        {
            if (_restartCount == _restarts.Length) Array.Resize(ref _restarts, _restarts.Length * 2);
            _restarts[_restartCount++] = _length;
            _sinceRestart = 0;
        }
        else
        {
            shared = key.CommonPrefixLength(LastKey);
        }
        int unshared = key.Length - shared;
        long needed = (long)_length + MaxEntryHeaderSize + unshared + value.Length;
        if (needed > Array.MaxLength) Throw.Invalid("The sorted-run block would exceed the largest array.");
        Grow((int)needed);
        Span<byte> destination = _buffer.AsSpan(_length);
        int at = VarInt.Write(destination, (uint)shared);
        at += VarInt.Write(destination[at..], (uint)unshared);
        at += VarInt.Write(destination[at..], (uint)value.Length);
        destination[at++] = (byte)kind;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[at..], sequence);
        at += 8;
        key[shared..].CopyTo(destination[at..]);
        at += unshared;
        value.CopyTo(destination[at..]);
        _length += at + value.Length;
        key.CopyTo(_lastKey);
        _lastKeyLength = key.Length;
        _sinceRestart++;
        Count++;
    }

    /// <summary>Appends the restart array and returns the finished contents (valid until <see cref="Reset"/>).</summary>
    public ReadOnlySpan<byte> Finish()
    {
        Grow(EstimatedSize);
        for (int i = 0; i < _restartCount; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), _restarts[i]);
            _length += 4;
        }
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), _restartCount);
        _length += 4;
        return _buffer.AsSpan(0, _length);
    }

    /// <summary>Empties the builder for the next block (keeps its buffers).</summary>
    public void Reset()
    {
        _length = 0;
        _restartCount = 0;
        _sinceRestart = 0;
        _lastKeyLength = 0;
        Count = 0;
        // A block that held one huge value grew the buffer; do not keep hundreds of MiB for the small blocks that follow.
        if (_buffer.Length > 16 * _initialCapacity && _buffer.Length > 1 << 20)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(_initialCapacity);
        }
    }

    private void Grow(int size)
    {
        if (size <= _buffer.Length) return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(size, 2L * _buffer.Length)));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
