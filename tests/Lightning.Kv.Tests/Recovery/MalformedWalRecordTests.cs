using System.Buffers.Binary;
using Lightning.Kv.Encoding;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// WAL records whose checksums are valid but whose contents are not: malformed write sets and out-of-order sequence
/// numbers, as a buggy or foreign writer (or damage that happened before the checksum was computed) would leave.
/// Recovery must report them as corruption — never crash with a non-Lightning exception, never replay them.
/// A well-formed crafted record is the control: it must be replayed.
/// </summary>
public sealed class MalformedWalRecordTests : IClassFixture<CorruptionFixture>
{
    private readonly CorruptionFixture _fixture;

    public MalformedWalRecordTests(CorruptionFixture fixture) => _fixture = fixture;

    private ulong LastSequence =>
        BinaryPrimitives.ReadUInt64LittleEndian(_fixture.Segments[^1].Bytes.AsSpan((int)_fixture.SentinelRecordOffset + 4));

    private static byte[] Frame(ulong sequence, byte[] payload)
    {
        byte[] record = new byte[WalFormat.RecordHeaderSize + payload.Length];
        WalFormat.WriteRecord(record, sequence, payload);
        return record;
    }

    private static byte[] WriteSet(Action<WriteSetBuilder> build)
    {
        var builder = new WriteSetBuilder();
        build(builder);
        return builder.Encoded().ToArray();
    }

    /// <summary>Payloads that are not valid write sets (docs/formats/wal.md): count, then kind, varint lengths, bytes.</summary>
    public static TheoryData<string, byte[]> MalformedPayloads => new()
    {
        { "empty payload", [] },
        { "count cut short", [1, 0] },
        { "count 1, no entries", [1, 0, 0, 0] },
        { "count 0 with trailing bytes", [0, 0, 0, 0, 1, 1, (byte)'k', 0] },
        { "unknown kind", [1, 0, 0, 0, 3, 1, (byte)'k'] },
        { "kind 0", [1, 0, 0, 0, 0, 1, (byte)'k', 0] },
        { "empty key", [1, 0, 0, 0, 2, 0] },
        { "key longer than the limit", [1, 0, 0, 0, 2, 0x81, 0x08, .. new byte[1025]] },
        { "key length past the payload", [1, 0, 0, 0, 2, 9, (byte)'k'] },
        { "varint that never ends", [1, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "varint over 32 bits", [1, 0, 0, 0, 2, 0x81, 0x80, 0x80, 0x80, 0x80, 0x01, (byte)'k'] },
        { "put without a value length", [1, 0, 0, 0, 1, 1, (byte)'k'] },
        { "value length past the payload", [1, 0, 0, 0, 1, 1, (byte)'k', 5, (byte)'v'] },
        { "value length over the 256 MiB limit", [1, 0, 0, 0, 1, 1, (byte)'k', 0x81, 0x80, 0x80, 0x81, 0x01] },
        { "count 4 billion, one entry", [0xFF, 0xFF, 0xFF, 0xFF, 2, 1, (byte)'k'] },
        { "two entries, count 1", [1, 0, 0, 0, 2, 1, (byte)'k', 2, 1, (byte)'j'] },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void AMalformedWriteSetWithValidChecksumsIsCorruption(string what, byte[] payload)
    {
        foreach (bool followedByAGoodRecord in new[] { false, true })
        {
            using var dir = new TestDirectory("malformed");
            _fixture.RestoreInto(dir.Path);
            string newest = Path.GetFullPath(Path.Combine(dir.Path, WalFormat.Directory, _fixture.Segments[^1].Name));
            long offset = new FileInfo(newest).Length;
            using (var stream = new FileStream(newest, FileMode.Append))
            {
                stream.Write(Frame(LastSequence + 1, payload));
                if (followedByAGoodRecord) stream.Write(Frame(LastSequence + 2, WriteSet(b => b.Put("zz/next"u8, "v"u8))));
            }
            LightningCorruptionException error = Assert.Throws<LightningCorruptionException>(
                () => LightningDb.Open(dir.Path, CorruptionFixture.Options()).Dispose());
            Assert.True(newest == error.FilePath && offset == error.Offset,
                $"{what} (followed by a good record: {followedByAGoodRecord}): reported at {error.FilePath}:{error.Offset}, expected {newest}:{offset}");
        }
    }

    [Theory]
    [InlineData(0)]     // repeats the previous sequence number
    [InlineData(2)]     // skips one
    [InlineData(-5)]    // goes back
    [InlineData(1000)]  // jumps far ahead
    public void ARecordOutOfSequenceIsCorruption(long delta)
    {
        using var dir = new TestDirectory("out-of-sequence");
        _fixture.RestoreInto(dir.Path);
        string newest = Path.Combine(dir.Path, WalFormat.Directory, _fixture.Segments[^1].Name);
        using (var stream = new FileStream(newest, FileMode.Append))
        {
            stream.Write(Frame((ulong)((long)LastSequence + delta), WriteSet(b => b.Put("zz/odd"u8, "v"u8))));
            stream.Write(Frame((ulong)((long)LastSequence + delta + 1), WriteSet(b => b.Put("zz/odd2"u8, "v"u8))));
        }
        LightningCorruptionException error = Assert.Throws<LightningCorruptionException>(
            () => LightningDb.Open(dir.Path, CorruptionFixture.Options()).Dispose());
        Assert.Equal(Path.GetFullPath(newest), error.FilePath);
    }

    [Fact]
    public void AWellFormedCraftedRecordIsReplayed()
    {
        // The control for the tests above: the same framing with a valid write set is accepted.
        using var dir = new TestDirectory("crafted");
        _fixture.RestoreInto(dir.Path);
        string newest = Path.Combine(dir.Path, WalFormat.Directory, _fixture.Segments[^1].Name);
        using (var stream = new FileStream(newest, FileMode.Append))
        {
            stream.Write(Frame(LastSequence + 1, WriteSet(b =>
            {
                b.Put("zz/crafted"u8, "crafted value"u8);
                b.Delete(CorruptionFixture.Bytes(CorruptionFixture.SentinelKey));
            })));
            stream.Write(Frame(LastSequence + 2, WriteSet(b => b.Put("zz/crafted2"u8, []))));
        }
        using LightningDb db = LightningDb.Open(dir.Path, CorruptionFixture.Options());
        Assert.Equal("crafted value"u8.ToArray(), db.Get("zz/crafted"u8));
        Assert.Equal(Array.Empty<byte>(), db.Get("zz/crafted2"u8));
        Assert.Null(db.Get(CorruptionFixture.Bytes(CorruptionFixture.SentinelKey)));
        foreach ((string key, byte[] value) in _fixture.Expected)
            if (key != CorruptionFixture.SentinelKey) Assert.Equal(value, db.Get(CorruptionFixture.Bytes(key)));
    }
}
