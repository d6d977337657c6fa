using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// What a run holds, recorded in its properties block so the engine can plan reads and compactions without
/// scanning it: counts, the key range, the sequence range and sizes.
/// Layout: u64 entries, u64 tombstones, u64 min sequence, u64 max sequence, u64 data size, u64 raw data size,
/// u32 data blocks, u32 compressed data blocks, u32 block size target, u32 restart interval, u32 bloom bits per key,
/// then varint length + bytes of the smallest key, and of the largest key.
/// </summary>
internal sealed class SstProperties
{
    private const int FixedSize = 6 * 8 + 5 * 4;

    /// <summary>Number of entries (puts and tombstones).</summary>
    public long EntryCount { get; init; }

    /// <summary>Number of tombstones among them.</summary>
    public long TombstoneCount { get; init; }

    /// <summary>The smallest sequence number of any entry.</summary>
    public ulong MinSequence { get; init; }

    /// <summary>The largest sequence number of any entry.</summary>
    public ulong MaxSequence { get; init; }

    /// <summary>Bytes of the data blocks as stored, trailers included (the file's data region).</summary>
    public long DataSize { get; init; }

    /// <summary>Bytes of the data blocks' contents before compression.</summary>
    public long RawDataSize { get; init; }

    /// <summary>Number of data blocks.</summary>
    public int DataBlockCount { get; init; }

    /// <summary>Number of data blocks stored LZ4-compressed (the rest are raw).</summary>
    public int CompressedBlockCount { get; init; }

    /// <summary>The writer's target block size.</summary>
    public int BlockSize { get; init; }

    /// <summary>The writer's restart interval.</summary>
    public int RestartInterval { get; init; }

    /// <summary>The bloom filter's bits per key.</summary>
    public int BloomBitsPerKey { get; init; }

    /// <summary>The first key of the run.</summary>
    public byte[] SmallestKey { get; init; } = [];

    /// <summary>The last key of the run.</summary>
    public byte[] LargestKey { get; init; } = [];

    /// <summary>Encodes the properties block's contents.</summary>
    public byte[] Encode()
    {
        byte[] block = new byte[FixedSize + 2 * VarInt.MaxLength + SmallestKey.Length + LargestKey.Length];
        Span<byte> d = block;
        BinaryPrimitives.WriteInt64LittleEndian(d, EntryCount);
        BinaryPrimitives.WriteInt64LittleEndian(d[8..], TombstoneCount);
        BinaryPrimitives.WriteUInt64LittleEndian(d[16..], MinSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(d[24..], MaxSequence);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], DataSize);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], RawDataSize);
        BinaryPrimitives.WriteInt32LittleEndian(d[48..], DataBlockCount);
        BinaryPrimitives.WriteInt32LittleEndian(d[52..], CompressedBlockCount);
        BinaryPrimitives.WriteInt32LittleEndian(d[56..], BlockSize);
        BinaryPrimitives.WriteInt32LittleEndian(d[60..], RestartInterval);
        BinaryPrimitives.WriteInt32LittleEndian(d[64..], BloomBitsPerKey);
        int at = FixedSize;
        at += VarInt.Write(d[at..], (uint)SmallestKey.Length);
        SmallestKey.CopyTo(d[at..]);
        at += SmallestKey.Length;
        at += VarInt.Write(d[at..], (uint)LargestKey.Length);
        LargestKey.CopyTo(d[at..]);
        at += LargestKey.Length;
        return block.AsSpan(0, at).ToArray();
    }

    /// <summary>Decodes and sanity-checks the properties block's contents.</summary>
    public static SstProperties Decode(ReadOnlySpan<byte> s, string path, long blockOffset)
    {
        if (s.Length < FixedSize + 2) Throw.Corrupt(path, blockOffset, "properties block is too short");
        int at = FixedSize;
        byte[] smallest = ReadKey(s, ref at, path, blockOffset);
        byte[] largest = ReadKey(s, ref at, path, blockOffset);
        var properties = new SstProperties
        {
            EntryCount = BinaryPrimitives.ReadInt64LittleEndian(s),
            TombstoneCount = BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
            MinSequence = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]),
            MaxSequence = BinaryPrimitives.ReadUInt64LittleEndian(s[24..]),
            DataSize = BinaryPrimitives.ReadInt64LittleEndian(s[32..]),
            RawDataSize = BinaryPrimitives.ReadInt64LittleEndian(s[40..]),
            DataBlockCount = BinaryPrimitives.ReadInt32LittleEndian(s[48..]),
            CompressedBlockCount = BinaryPrimitives.ReadInt32LittleEndian(s[52..]),
            BlockSize = BinaryPrimitives.ReadInt32LittleEndian(s[56..]),
            RestartInterval = BinaryPrimitives.ReadInt32LittleEndian(s[60..]),
            BloomBitsPerKey = BinaryPrimitives.ReadInt32LittleEndian(s[64..]),
            SmallestKey = smallest,
            LargestKey = largest,
        };
        if (at != s.Length || properties.EntryCount < properties.DataBlockCount || properties.DataBlockCount < 1
            || properties.TombstoneCount < 0 || properties.TombstoneCount > properties.EntryCount
            || properties.MinSequence > properties.MaxSequence || properties.DataSize < 0 || properties.RawDataSize < 0
            || properties.CompressedBlockCount < 0 || properties.CompressedBlockCount > properties.DataBlockCount
            || smallest.AsSpan().SequenceCompareTo(largest) > 0)
            Throw.Corrupt(path, blockOffset, "properties block is inconsistent");
        return properties;
    }

    private static byte[] ReadKey(ReadOnlySpan<byte> s, ref int at, string path, long blockOffset)
    {
        int n = VarInt.TryRead(s[at..], out uint length);
        if (n == 0 || length == 0 || length > KvLimits.MaxKeySize || (long)at + n + length > s.Length)
            Throw.Corrupt(path, blockOffset, "properties block holds a malformed key");
        at += n;
        byte[] key = s.Slice(at, (int)length).ToArray();
        at += (int)length;
        return key;
    }
}
