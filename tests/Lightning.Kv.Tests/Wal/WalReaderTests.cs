using System.Buffers.Binary;
using Lightning.Kv.Encoding;
using Lightning.Kv.Wal;
using static Lightning.Kv.Tests.Wal.WalTestFiles;

namespace Lightning.Kv.Tests.Wal;

public sealed class WalReaderTests : IDisposable
{
    private readonly TestDirectory _dir = new("wal-reader");

    public WalReaderTests() => Directory.CreateDirectory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private string PathOf(string name) => Path.Combine(_dir.Path, name);

    private static List<(ulong, byte[])> Records(ulong first, int count, Func<ulong, int>? valueSize = null)
    {
        var records = new List<(ulong, byte[])>();
        for (ulong s = first; s < first + (ulong)count; s++) records.Add((s, Payload(s, valueSize?.Invoke(s) ?? 24)));
        return records;
    }

    /// <summary>Writes 3 small records (sequences 1..3) and returns the file bytes and the record offsets.</summary>
    private (byte[] Bytes, List<long> Offsets, List<(ulong, byte[])> Written) ThreeRecords()
    {
        string path = PathOf("source.log");
        List<(ulong, byte[])> written = Records(1, 3);
        List<long> offsets = WriteSegment(path, written);
        return (File.ReadAllBytes(path), offsets, written);
    }

    [Fact]
    public void RoundTripThroughWalWriter()
    {
        // Sizes straddle the reader's 64 KiB pooled buffer, so it must grow and keep working afterwards.
        List<(ulong, byte[])> written = Records(1, 40, s => s == 7 ? 200_000 : s == 8 ? 70_000 : (int)(s * 37 % 900));
        string path = PathOf("000001.log");
        List<long> offsets = WriteSegment(path, written);

        (WalReader.Result result, var read) = Read(path, isNewest: false, expectedSequence: 1);

        Assert.False(result.TornTail);
        Assert.Equal(offsets[^1], result.ValidLength);
        Assert.Equal(new FileInfo(path).Length, result.ValidLength);
        Assert.Equal(40ul, result.LastSequence);
        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < written.Count; i++)
        {
            Assert.Equal(written[i].Item1, read[i].Sequence);
            Assert.Equal(written[i].Item2, read[i].Payload);
        }
    }

    [Fact]
    public void EmptySegmentReadsAsNothing()
    {
        string path = PathOf("empty.log");
        WriteSegment(path, []);
        (WalReader.Result result, var read) = Read(path, isNewest: false);
        Assert.Empty(read);
        Assert.Equal(new WalReader.Result(WalFormat.SegmentHeaderSize, false, 0), result);
    }

    [Fact]
    public void TruncatingTheLastRecordAtEveryLengthIsATornTailOnlyInTheNewestSegment()
    {
        (byte[] bytes, List<long> offsets, _) = ThreeRecords();
        long lastStart = offsets[2];
        string path = PathOf("torn.log");
        for (long cut = lastStart + 1; cut < bytes.Length; cut++)
        {
            File.WriteAllBytes(path, bytes[..(int)cut]);

            (WalReader.Result result, var read) = Read(path, isNewest: true);
            Assert.True(result.TornTail, $"cut at {cut}");
            Assert.Equal(lastStart, result.ValidLength);
            Assert.Equal(2ul, result.LastSequence);
            Assert.Equal(new[] { 1ul, 2ul }, read.Select(r => r.Sequence));

            var error = Assert.Throws<LightningCorruptionException>(() => Read(path, isNewest: false));
            Assert.Equal(lastStart, error.Offset);
            Assert.Equal(path, error.FilePath);
            Assert.Equal(LightningErrorCode.Corruption, error.Code);
        }
    }

    [Fact]
    public void CuttingAtARecordBoundaryIsACleanEnd()
    {
        (byte[] bytes, List<long> offsets, _) = ThreeRecords();
        string path = PathOf("clean.log");
        for (int records = 0; records <= 3; records++)
        {
            File.WriteAllBytes(path, bytes[..(int)offsets[records]]);
            (WalReader.Result result, var read) = Read(path, isNewest: false);
            Assert.False(result.TornTail);
            Assert.Equal(offsets[records], result.ValidLength);
            Assert.Equal(records, read.Count);
            Assert.Equal((ulong)records, result.LastSequence);
        }
    }

    [Fact]
    public void SegmentHeaderCutShortIsTornInTheNewestSegmentOnly()
    {
        (byte[] bytes, _, _) = ThreeRecords();
        string path = PathOf("short.log");
        for (int cut = 0; cut < WalFormat.SegmentHeaderSize; cut++)
        {
            File.WriteAllBytes(path, bytes[..cut]);
            (WalReader.Result result, var read) = Read(path, isNewest: true);
            Assert.Equal(new WalReader.Result(0, true, 0), result);
            Assert.Empty(read);
            Assert.Equal(0, Assert.Throws<LightningCorruptionException>(() => Read(path, isNewest: false)).Offset);
        }
    }

    [Fact]
    public void FlippedByteInAMiddleRecordIsCorruptionAtThatRecord()
    {
        (byte[] bytes, List<long> offsets, _) = ThreeRecords();
        string path = PathOf("flip.log");
        for (long at = offsets[1]; at < offsets[2]; at++)
        {
            byte[] damaged = bytes.ToArray();
            damaged[at] ^= 0x40;
            File.WriteAllBytes(path, damaged);
            foreach (bool newest in new[] { true, false })
            {
                var error = Assert.Throws<LightningCorruptionException>(() => Read(path, newest));
                Assert.Equal(offsets[1], error.Offset);
            }
        }
    }

    [Fact]
    public void FlippedByteInTheFinalRecordsPayloadIsATornTailInTheNewestSegment()
    {
        (byte[] bytes, List<long> offsets, _) = ThreeRecords();
        string path = PathOf("flip-last.log");
        for (long at = offsets[2] + WalFormat.RecordHeaderSize; at < bytes.Length; at++)
        {
            byte[] damaged = bytes.ToArray();
            damaged[at] ^= 0x01;
            File.WriteAllBytes(path, damaged);

            (WalReader.Result result, var read) = Read(path, isNewest: true);
            Assert.True(result.TornTail);
            Assert.Equal(offsets[2], result.ValidLength);
            Assert.Equal(2ul, result.LastSequence);
            Assert.Equal(2, read.Count);

            Assert.Equal(offsets[2], Assert.Throws<LightningCorruptionException>(() => Read(path, isNewest: false)).Offset);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(4096)]
    public void ZeroFilledTailIsATornTailInTheNewestSegment(int zeros)
    {
        (byte[] bytes, List<long> offsets, _) = ThreeRecords();
        string path = PathOf("zero-tail.log");
        File.WriteAllBytes(path, [.. bytes, .. new byte[zeros]]);
        (WalReader.Result result, var read) = Read(path, isNewest: true);
        Assert.True(result.TornTail);
        Assert.Equal(offsets[3], result.ValidLength);
        Assert.Equal(3, read.Count);
        Assert.Equal(offsets[3], Assert.Throws<LightningCorruptionException>(() => Read(path, isNewest: false)).Offset);
    }

    [Fact]
    public void GarbageAfterTheLastRecordIsCorruptionEvenInTheNewestSegment()
    {
        (byte[] bytes, List<long> offsets, _) = ThreeRecords();
        byte[] garbage = new byte[64];
        new Random(1).NextBytes(garbage);
        string path = PathOf("garbage-tail.log");
        File.WriteAllBytes(path, [.. bytes, .. garbage]);
        Assert.Equal(offsets[3], Assert.Throws<LightningCorruptionException>(() => Read(path, isNewest: true)).Offset);
    }

    [Fact]
    public void SequenceGapIsCorruptionAtTheRecordAfterTheGap()
    {
        string path = PathOf("gap.log");
        List<long> offsets = WriteSegment(path, [(1, Payload(1)), (2, Payload(2)), (4, Payload(4)), (5, Payload(5))]);
        foreach (bool newest in new[] { true, false })
        {
            var error = Assert.Throws<LightningCorruptionException>(() => Read(path, newest));
            Assert.Equal(offsets[2], error.Offset);
        }
    }

    [Fact]
    public void RepeatedOrDecreasingSequenceIsCorruption()
    {
        string path = PathOf("repeat.log");
        List<long> offsets = WriteSegment(path, [(7, Payload(7)), (8, Payload(8)), (8, Payload(8))]);
        Assert.Equal(offsets[2], Assert.Throws<LightningCorruptionException>(() => Read(path, true)).Offset);
        offsets = WriteSegment(path, [(7, Payload(7)), (6, Payload(6))]);
        Assert.Equal(offsets[1], Assert.Throws<LightningCorruptionException>(() => Read(path, true)).Offset);
    }

    [Fact]
    public void FirstRecordMustCarryTheExpectedSequence()
    {
        string path = PathOf("expected.log");
        List<long> offsets = WriteSegment(path, Records(10, 3));
        Assert.Equal(12ul, Read(path, false, expectedSequence: 10).Result.LastSequence);
        Assert.Equal(12ul, Read(path, false, expectedSequence: 0).Result.LastSequence);
        Assert.Equal(offsets[0], Assert.Throws<LightningCorruptionException>(() => Read(path, false, expectedSequence: 11)).Offset);
        Assert.Equal(offsets[0], Assert.Throws<LightningCorruptionException>(() => Read(path, true, expectedSequence: 9)).Offset);
    }

    [Fact]
    public void BadSegmentHeaderIsCorruptionButAZeroHeaderInTheNewestSegmentIsTorn()
    {
        (byte[] bytes, _, _) = ThreeRecords();
        string path = PathOf("header.log");
        for (int at = 0; at < WalFormat.SegmentHeaderSize; at++)
        {
            byte[] damaged = bytes.ToArray();
            damaged[at] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            Assert.Equal(0, Assert.Throws<LightningCorruptionException>(() => Read(path, true)).Offset);
        }

        byte[] zeroHeader = bytes.ToArray();
        zeroHeader.AsSpan(0, WalFormat.SegmentHeaderSize).Clear();
        File.WriteAllBytes(path, zeroHeader);
        Assert.Equal(new WalReader.Result(0, true, 0), Read(path, true).Result);
        Assert.Throws<LightningCorruptionException>(() => Read(path, false));
    }

    [Fact]
    public void UnknownFormatVersionIsUnsupportedFormat()
    {
        (byte[] bytes, _, _) = ThreeRecords();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), Crc32C.Compute(bytes.AsSpan(0, 12)));
        string path = PathOf("v2.log");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<LightningException>(() => Read(path, true));
        Assert.Equal(LightningErrorCode.UnsupportedFormat, error.Code);
    }

    [Fact]
    public void RecordWithAValidChecksumButAMalformedWriteSetIsCorruption()
    {
        string path = PathOf("malformed.log");
        byte[] bad = [1, 0, 0, 0, 9, 1, (byte)'k']; // unknown entry kind 9
        List<long> offsets = WriteSegment(path, [(1, Payload(1)), (2, bad)]);
        // Even as the final record of the newest segment: its checksum proves it was written whole.
        Assert.Equal(offsets[1], Assert.Throws<LightningCorruptionException>(() => Read(path, true)).Offset);
    }
}
