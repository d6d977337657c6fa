using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// How a block is stored: its bytes (raw, or LZ4 behind a u32 uncompressed length), one compression-type byte, and a
/// CRC-32C of both. Encoding chooses compression per block; decoding verifies the checksum before anything else.
/// </summary>
internal static class SstStoredBlock
{
    /// <summary>
    /// Frames <paramref name="contents"/> for the file. Tries LZ4 when <paramref name="tryCompress"/>, keeps the result
    /// only when it saves at least <see cref="SstFormat.MinCompressionSavingPercent"/> %, and otherwise stores the
    /// contents raw. The framed bytes are written to <paramref name="output"/> (a pooled buffer, grown as needed).
    /// </summary>
    /// <returns>The stored size (without the trailer); the framed length is that plus <see cref="SstFormat.BlockTrailerSize"/>.</returns>
    public static int Encode(ReadOnlySpan<byte> contents, bool tryCompress, ref byte[] output, out bool compressed)
    {
        compressed = false;
        int stored = contents.Length;
        if (tryCompress && contents.Length > 0)
        {
            int bound = SstFormat.Lz4LengthPrefixSize + LZ4Codec.MaximumOutputSize(contents.Length) + SstFormat.BlockTrailerSize;
            EnsureCapacity(ref output, bound);
            int packed = LZ4Codec.Encode(contents, output.AsSpan(SstFormat.Lz4LengthPrefixSize), LZ4Level.L00_FAST);
            long candidate = SstFormat.Lz4LengthPrefixSize + (long)packed;
            // Integer form of "candidate <= (1 - 12 %) of the raw size".
            if (packed > 0 && candidate * 100 <= (long)contents.Length * (100 - SstFormat.MinCompressionSavingPercent))
            {
                BinaryPrimitives.WriteInt32LittleEndian(output, contents.Length);
                stored = (int)candidate;
                compressed = true;
            }
        }
        if (!compressed)
        {
            EnsureCapacity(ref output, contents.Length + SstFormat.BlockTrailerSize);
            contents.CopyTo(output);
        }
        output[stored] = compressed ? SstFormat.Lz4Block : SstFormat.RawBlock;
        uint crc = Crc32C.Compute(output.AsSpan(0, stored + 1));
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(stored + 1), crc);
        return stored;
    }

    /// <summary>
    /// Checks the CRC and type of a framed block (<paramref name="framed"/> = stored bytes + trailer) and returns the
    /// length of its decoded contents. Throws <see cref="LightningCorruptionException"/> naming the block's offset.
    /// </summary>
    public static int Verify(ReadOnlySpan<byte> framed, string path, long offset)
    {
        int stored = framed.Length - SstFormat.BlockTrailerSize;
        if (stored < 0) Throw.Corrupt(path, offset, "block is shorter than its trailer");
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(framed[(stored + 1)..]);
        if (Crc32C.Compute(framed[..(stored + 1)]) != expected)
            Throw.Corrupt(path, offset, "block checksum does not match");
        byte type = framed[stored];
        if (type == SstFormat.RawBlock) return stored;
        if (type != SstFormat.Lz4Block || stored < SstFormat.Lz4LengthPrefixSize)
            Throw.Corrupt(path, offset, $"unknown block compression type {type}");
        int length = BinaryPrimitives.ReadInt32LittleEndian(framed);
        // LZ4 expands at most ~255:1; anything beyond that (or beyond the largest legal block) is damage.
        long packed = stored - SstFormat.Lz4LengthPrefixSize;
        if (length < 0 || length > SstFormat.MaxBlockContentSize || length > packed * 255 + 16)
            Throw.Corrupt(path, offset, $"compressed block claims an impossible length of {length} bytes");
        return length;
    }

    /// <summary>
    /// Writes the contents of a block already checked by <see cref="Verify"/> into <paramref name="destination"/>,
    /// which has exactly the length <see cref="Verify"/> returned.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> framed, Span<byte> destination, string path, long offset)
    {
        int stored = framed.Length - SstFormat.BlockTrailerSize;
        if (framed[stored] == SstFormat.RawBlock)
        {
            framed[..stored].CopyTo(destination);
            return;
        }
        int decoded;
        try
        {
            decoded = LZ4Codec.Decode(framed[SstFormat.Lz4LengthPrefixSize..stored], destination);
        }
        catch (Exception error) when (error is ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            decoded = -1; // a decoder that rejects its input by throwing: the same damage as a short result
        }
        if (decoded != destination.Length)
            Throw.Corrupt(path, offset, "compressed block does not decode to its recorded length");
    }

    /// <summary>True when a verified framed block is stored raw (its contents are its stored bytes, usable in place).</summary>
    public static bool IsRaw(ReadOnlySpan<byte> framed) => framed[^SstFormat.BlockTrailerSize] == SstFormat.RawBlock;

    /// <summary>Grows a pooled buffer to at least <paramref name="size"/> bytes (its contents are not kept).</summary>
    public static void EnsureCapacity(ref byte[] buffer, int size)
    {
        if (buffer.Length >= size) return;
        byte[] old = buffer;
        buffer = ArrayPool<byte>.Shared.Rent(size);
        if (old.Length > 0) ArrayPool<byte>.Shared.Return(old);
    }
}
