using System.Buffers;
using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// Builds the index block: per data block, a separator key (&gt;= every key of the block, &lt; every key of the next)
/// and the block's handle. Entry: varint key length, key, u64 offset, u32 stored size; the block ends with a u32 count.
/// </summary>
internal sealed class SstIndexBuilder : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;

    /// <summary>Index entries so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends the entry of one data block.</summary>
    public void Add(ReadOnlySpan<byte> separator, SstBlockHandle handle)
    {
        int needed = _length + VarInt.MaxLength + separator.Length + 12 + 4;
        if (needed > _buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        Span<byte> destination = _buffer.AsSpan(_length);
        int at = VarInt.Write(destination, (uint)separator.Length);
        separator.CopyTo(destination[at..]);
        at += separator.Length;
        BinaryPrimitives.WriteInt64LittleEndian(destination[at..], handle.Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[(at + 8)..], handle.Size);
        _length += at + 12;
        Count++;
    }

    /// <summary>Appends the count and returns the block's contents.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), Count);
        return _buffer.AsSpan(0, _length + 4);
    }

    /// <summary>
    /// The shortest key s with <paramref name="last"/> &lt;= s &lt; <paramref name="next"/> (LevelDB's separator idea):
    /// shorter index keys keep the index small. Written into <paramref name="destination"/>; returns its length.
    /// </summary>
    public static int ShortestSeparator(ReadOnlySpan<byte> last, ReadOnlySpan<byte> next, Span<byte> destination)
    {
        int common = last.CommonPrefixLength(next);
        if (common < last.Length && common < next.Length)
        {
            byte bumped = (byte)(last[common] + 1);
            // last[common] < next[common] because last < next; bumping must stay below next to remain a separator.
            if (last[common] < 0xFF && bumped < next[common])
            {
                last[..common].CopyTo(destination);
                destination[common] = bumped;
                return common + 1;
            }
        }
        last.CopyTo(destination);
        return last.Length;
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
