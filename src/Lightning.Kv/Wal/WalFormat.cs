using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Wal;

/// <summary>
/// Constants and record framing of the write-ahead log. The byte layout is documented in docs/formats/wal.md.
/// </summary>
internal static class WalFormat
{
    /// <summary>"LKVWAL01" as a little-endian u64.</summary>
    public const ulong Magic = 0x31304C4157564B4CUL;
    public const ushort Version = 1;
    public const int SegmentHeaderSize = 16;

    /// <summary>
    /// Segment flag: written without an fsync per commit (Durability.Normal or None), so a power loss may have
    /// kept any subset of its unsynced tail; damage anywhere in such a newest segment ends the log.
    /// </summary>
    public const ushort UnsyncedAppendsFlag = 1;

    /// <summary>u32 payloadLength, u64 sequence, u32 payloadCrc, u32 headerCrc.</summary>
    public const int RecordHeaderSize = 20;

    public const string Directory = "wal";
    public const string Extension = ".log";

    public static string SegmentFileName(long number) => number.ToString("D6") + Extension;

    public static bool TryParseSegmentNumber(string fileName, out long number)
    {
        number = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, fileName.Length - Extension.Length), out number)
            && number > 0;
    }

    public static void WriteSegmentHeader(Span<byte> destination, ushort flags = 0)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C.Compute(destination[..12]));
    }

    /// <summary>Frames one commit: header then payload. <paramref name="destination"/> must hold RecordHeaderSize + payload.</summary>
    public static int WriteRecord(Span<byte> destination, ulong sequence, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Crc32C.Compute(destination[..16]));
        payload.CopyTo(destination[RecordHeaderSize..]);
        return RecordHeaderSize + payload.Length;
    }
}
