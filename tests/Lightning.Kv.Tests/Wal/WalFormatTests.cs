using System.Buffers.Binary;
using Lightning.Kv.Encoding;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Wal;

public sealed class WalFormatTests
{
    [Fact]
    public void SegmentHeaderIsMagicVersionAndChecksum()
    {
        byte[] header = new byte[WalFormat.SegmentHeaderSize];
        WalFormat.WriteSegmentHeader(header);
        Assert.Equal("LKVWAL01"u8.ToArray(), header[..8]);
        Assert.Equal(WalFormat.Magic, BinaryPrimitives.ReadUInt64LittleEndian(header));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)));
        Assert.Equal(Crc32C.Compute(header.AsSpan(0, 12)), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    public void RecordFramingMatchesTheDocumentedLayout(int payloadLength)
    {
        byte[] payload = new byte[payloadLength];
        new Random(payloadLength).NextBytes(payload);
        byte[] record = new byte[WalFormat.RecordHeaderSize + payloadLength + 5];
        record.AsSpan().Fill(0xCC);
        const ulong sequence = 0x0102030405060708UL;

        int written = WalFormat.WriteRecord(record, sequence, payload);

        Assert.Equal(WalFormat.RecordHeaderSize + payloadLength, written);
        Assert.Equal((uint)payloadLength, BinaryPrimitives.ReadUInt32LittleEndian(record));
        Assert.Equal(sequence, BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(4)));
        Assert.Equal(Crc32C.Compute(payload), BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(12)));
        Assert.Equal(Crc32C.Compute(record.AsSpan(0, 16)), BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(16)));
        Assert.Equal(payload, record.AsSpan(WalFormat.RecordHeaderSize, payloadLength).ToArray());
        Assert.All(record[written..], b => Assert.Equal(0xCC, b));
    }

    [Fact]
    public void HeaderChecksumCoversLengthSequenceAndPayloadChecksum()
    {
        byte[] a = new byte[WalFormat.RecordHeaderSize + 3];
        byte[] b = new byte[WalFormat.RecordHeaderSize + 3];
        WalFormat.WriteRecord(a, 1, "abc"u8);
        WalFormat.WriteRecord(b, 2, "abc"u8);
        Assert.NotEqual(a[16..20], b[16..20]);
        WalFormat.WriteRecord(b, 1, "abd"u8);
        Assert.NotEqual(a[12..16], b[12..16]);
        Assert.NotEqual(a[16..20], b[16..20]);
    }

    [Fact]
    public void SegmentFileNamesRoundTrip()
    {
        Assert.Equal("000001.log", WalFormat.SegmentFileName(1));
        Assert.Equal("123456.log", WalFormat.SegmentFileName(123456));
        Assert.Equal("1234567.log", WalFormat.SegmentFileName(1234567));
        foreach (long n in new long[] { 1, 42, 999999, 1234567 })
        {
            Assert.True(WalFormat.TryParseSegmentNumber(WalFormat.SegmentFileName(n), out long parsed));
            Assert.Equal(n, parsed);
        }
    }

    [Theory]
    [InlineData("000000.log")]
    [InlineData("-00001.log")]
    [InlineData("abc.log")]
    [InlineData(".log")]
    [InlineData("000001.txt")]
    [InlineData("000001.log.tmp")]
    [InlineData("LOCK")]
    public void NonSegmentNamesAreNotParsed(string name)
    {
        Assert.False(WalFormat.TryParseSegmentNumber(name, out _));
    }
}
