using System.Buffers;
using System.Buffers.Binary;
using Lightning.Kv.Encoding;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Wal;

/// <summary>Receives one recovered commit; the payload span is valid only during the call.</summary>
internal delegate void WalRecordHandler(ulong sequence, ReadOnlySpan<byte> payload);

/// <summary>
/// Reads one WAL segment during recovery. A record cut short at the very end of the newest segment
/// (a write interrupted by a crash) ends the log; any other damage raises <see cref="LightningCorruptionException"/>.
/// </summary>
internal static class WalReader
{
    /// <summary>What reading a segment found.</summary>
    public readonly record struct Result(long ValidLength, bool TornTail, ulong LastSequence);

    /// <param name="file">The segment.</param>
    /// <param name="handler">Receives each intact record in order.</param>
    /// <param name="isNewest">Only the newest segment may end in a torn record.</param>
    /// <param name="expectedSequence">The sequence number the first record must carry, or 0 to accept any.</param>
    public static Result Read(IStorageFile file, bool isNewest, ulong expectedSequence, WalRecordHandler handler)
    {
        long length = file.Length;
        Span<byte> header = stackalloc byte[WalFormat.RecordHeaderSize];
        if (length < WalFormat.SegmentHeaderSize)
        {
            if (isNewest) return new Result(0, true, 0);
            Throw.Corrupt(file.Path, 0, "the segment is shorter than its header");
        }
        file.Read(0, header[..WalFormat.SegmentHeaderSize]);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != WalFormat.Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != Crc32C.Compute(header[..12]))
        {
            if (isNewest && IsZero(header[..WalFormat.SegmentHeaderSize])) return new Result(0, true, 0);
            Throw.Corrupt(file.Path, 0, "bad segment header (magic or checksum)");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        if (version != WalFormat.Version)
            throw new LightningException(LightningErrorCode.UnsupportedFormat,
                $"WAL segment '{file.Path}' has format version {version}; this build reads version {WalFormat.Version}.");

        long position = WalFormat.SegmentHeaderSize;
        ulong last = 0;
        // Without an fsync per commit, a power loss may keep any subset of the unsynced tail, so in the newest
        // such segment the first damaged record ends the log (the commits after it were never made durable).
        bool damageEndsLog = isNewest && (flags & WalFormat.UnsyncedAppendsFlag) != 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (position < length)
            {
                long remaining = length - position;
                if (remaining < WalFormat.RecordHeaderSize)
                    return Torn(file, isNewest, position, last, "a record header is cut short");
                file.Read(position, header);
                if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Crc32C.Compute(header[..16]))
                {
                    if (damageEndsLog || (isNewest && (IsZero(header) || IsZeroToEnd(file, position, length))))
                        return new Result(position, true, last);
                    Throw.Corrupt(file.Path, position, "record header checksum mismatch");
                }
                uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(header);
                ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(header[4..]);
                uint payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
                if (payloadLength > remaining - WalFormat.RecordHeaderSize)
                    return Torn(file, isNewest, position, last, "a record extends past the end of the file");
                if (expectedSequence != 0 && sequence != expectedSequence)
                {
                    if (damageEndsLog) return new Result(position, true, last);
                    Throw.Corrupt(file.Path, position, $"expected sequence {expectedSequence}, found {sequence}");
                }
                if (buffer.Length < payloadLength)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent((int)payloadLength);
                }
                Span<byte> payload = buffer.AsSpan(0, (int)payloadLength);
                file.Read(position + WalFormat.RecordHeaderSize, payload);
                long end = position + WalFormat.RecordHeaderSize + payloadLength;
                if (Crc32C.Compute(payload) != payloadCrc)
                {
                    // The newest record of the newest segment is indistinguishable from a torn write.
                    if (damageEndsLog || (isNewest && end == length)) return new Result(position, true, last);
                    Throw.Corrupt(file.Path, position, "record payload checksum mismatch");
                }
                if (!IsWellFormed(payload))
                {
                    if (damageEndsLog) return new Result(position, true, last);
                    Throw.Corrupt(file.Path, position, "record payload is not a valid write set");
                }
                handler(sequence, payload);
                last = sequence;
                expectedSequence = sequence + 1;
                position = end;
            }
            return new Result(position, false, last);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Result Torn(IStorageFile file, bool isNewest, long position, ulong last, string detail)
    {
        if (!isNewest) Throw.Corrupt(file.Path, position, detail + " in a segment that is not the newest");
        return new Result(position, true, last);
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> payload)
    {
        var reader = new WriteSetReader(payload);
        while (reader.MoveNext()) { }
        return !reader.Malformed;
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private static bool IsZeroToEnd(IStorageFile file, long position, long length)
    {
        Span<byte> chunk = stackalloc byte[4096];
        while (position < length)
        {
            int n = file.Read(position, chunk[..(int)Math.Min(chunk.Length, length - position)]);
            if (n == 0) break;
            if (!IsZero(chunk[..n])) return false;
            position += n;
        }
        return true;
    }
}
