using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// The fixed-size footer at the end of an SST: where the index, bloom filter and properties blocks are, the format
/// version, a CRC-32C of those fields, and the magic number as the file's last 8 bytes.
/// </summary>
internal readonly record struct SstFooter(SstBlockHandle Index, SstBlockHandle Bloom, SstBlockHandle Properties)
{
    private const int VersionOffset = 36;
    private const int CrcOffset = 40;
    private const int MagicOffset = 44;

    /// <summary>Writes the footer into <paramref name="destination"/> (<see cref="SstFormat.FooterSize"/> bytes).</summary>
    public void Write(Span<byte> destination)
    {
        WriteHandle(destination, Index);
        WriteHandle(destination[12..], Bloom);
        WriteHandle(destination[24..], Properties);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[VersionOffset..], SstFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CrcOffset..], Crc32C.Compute(destination[..CrcOffset]));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[MagicOffset..], SstFormat.Magic);
    }

    /// <summary>
    /// Decodes and checks a footer read from the last <see cref="SstFormat.FooterSize"/> bytes of a file of
    /// <paramref name="fileLength"/> bytes. A foreign magic or version raises <see cref="LightningErrorCode.UnsupportedFormat"/>;
    /// a bad checksum or handles that do not tile the file raise <see cref="LightningCorruptionException"/>.
    /// </summary>
    public static SstFooter Read(ReadOnlySpan<byte> source, string path, long fileLength)
    {
        long footerOffset = fileLength - SstFormat.FooterSize;
        ulong magic = BinaryPrimitives.ReadUInt64LittleEndian(source[MagicOffset..]);
        if (magic != SstFormat.Magic)
            throw new LightningException(LightningErrorCode.UnsupportedFormat,
                $"'{path}' does not end with a sorted-run footer (magic 0x{magic:X16}): it is truncated or not an SST file.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Crc32C.Compute(source[..CrcOffset]))
            Throw.Corrupt(path, footerOffset, "the footer checksum does not match");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(source[VersionOffset..]);
        if (version != SstFormat.Version)
            throw new LightningException(LightningErrorCode.UnsupportedFormat,
                $"'{path}' has sorted-run format version {version}; this build reads version {SstFormat.Version}.");
        var footer = new SstFooter(ReadHandle(source), ReadHandle(source[12..]), ReadHandle(source[24..]));
        // The meta blocks follow the data blocks in this order and end exactly where the footer starts.
        const int maxSize = int.MaxValue - SstFormat.BlockTrailerSize;
        if (footer.Index.Offset < 0 || (uint)footer.Index.Size > maxSize || (uint)footer.Bloom.Size > maxSize
            || (uint)footer.Properties.Size > maxSize
            || footer.Bloom.Offset != footer.Index.End || footer.Properties.Offset != footer.Bloom.End
            || footer.Properties.End != footerOffset)
            Throw.Corrupt(path, footerOffset, "the footer's block handles do not match the file's layout");
        return footer;
    }

    private static void WriteHandle(Span<byte> destination, SstBlockHandle handle)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, handle.Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], handle.Size);
    }

    private static SstBlockHandle ReadHandle(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(source), BinaryPrimitives.ReadInt32LittleEndian(source[8..]));
}
