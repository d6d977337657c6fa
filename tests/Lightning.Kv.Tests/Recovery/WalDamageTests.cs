using System.Buffers.Binary;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// Damage to the WAL of <see cref="CorruptionFixture"/>'s database beyond single flipped bytes: a torn final record
/// (cut at many lengths), empty and torn newest segments, damage to segments that are not the newest, and segments
/// left behind by a cleanup that a crash interrupted.
/// </summary>
public sealed class WalDamageTests : IClassFixture<CorruptionFixture>
{
    private readonly CorruptionFixture _fixture;

    public WalDamageTests(CorruptionFixture fixture) => _fixture = fixture;

    private string Wal(string dir) => Path.Combine(dir, WalFormat.Directory);

    private string SegmentPath(string dir, int index) => Path.GetFullPath(Path.Combine(Wal(dir), _fixture.Segments[index].Name));

    private string NextSegmentPath(string dir)
    {
        WalFormat.TryParseSegmentNumber(_fixture.Segments[^1].Name, out long newest);
        return Path.Combine(Wal(dir), WalFormat.SegmentFileName(newest + 1));
    }

    /// <summary>Opens, reads everything and expects every key (the sentinel optionally) with its right value.</summary>
    private void AssertIntact(string dir, bool sentinelMayBeLost, string what)
    {
        var violations = new List<string>();
        DamageOutcome outcome = new CorruptionChecker(_fixture).Check(dir, what, sentinelMayBeLost, violations);
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(10)));
        Assert.Equal(DamageOutcome.Intact, outcome);
    }

    private static void SetLength(string file, long length)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    /// <summary>Record offsets of a segment (parsed from the fixture's pristine bytes).</summary>
    private static List<long> RecordOffsets(byte[] segment)
    {
        var offsets = new List<long>();
        long at = WalFormat.SegmentHeaderSize;
        while (at < segment.Length)
        {
            offsets.Add(at);
            at += WalFormat.RecordHeaderSize + BinaryPrimitives.ReadUInt32LittleEndian(segment.AsSpan((int)at));
        }
        Assert.Equal(segment.Length, at);
        return offsets;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(21)]
    [InlineData(30)]
    [InlineData(-1)] // all but the final byte
    public void ATornFinalRecordIsDiscardedAndEverythingBeforeItSurvives(int keep)
    {
        using var dir = new TestDirectory("torn-tail");
        _fixture.RestoreInto(dir.Path);
        string newest = SegmentPath(dir.Path, _fixture.Segments.Length - 1);
        long full = _fixture.Segments[^1].Bytes.Length;
        long length = keep < 0 ? full + keep : _fixture.SentinelRecordOffset + keep;
        Assert.InRange(length, _fixture.SentinelRecordOffset, full - 1);
        SetLength(newest, length);

        AssertIntact(dir.Path, sentinelMayBeLost: true, $"newest segment cut to {length} of {full} bytes");
        using (LightningDb db = LightningDb.Open(dir.Path, CorruptionFixture.Options()))
        {
            Assert.Null(db.Get(CorruptionFixture.Bytes(CorruptionFixture.SentinelKey)));
            db.Put("zz/after"u8, "written after recovery"u8);
        }
        // The torn bytes must be gone for good: a later open sees the new commit after a clean log, not damage mid-log.
        using (LightningDb db = LightningDb.Open(dir.Path, CorruptionFixture.Options()))
        {
            Assert.Equal("written after recovery"u8.ToArray(), db.Get("zz/after"u8));
            Assert.Null(db.Get(CorruptionFixture.Bytes(CorruptionFixture.SentinelKey)));
            db.Delete("zz/after"u8);
        }
        AssertIntact(dir.Path, sentinelMayBeLost: true, "reopened after recovering a torn tail");
    }

    public static TheoryData<string, int> EmptyOrTornNewestSegments => new()
    {
        { "zero-length", 0 },
        { "7 bytes of its header", 7 },
        { "12 bytes of its header", 12 },
        { "a header of zeros", -16 },
        { "a header and 5 zero bytes", -21 },
    };

    [Theory]
    [MemberData(nameof(EmptyOrTornNewestSegments))]
    public void AnEmptyOrTornNewestSegmentOpens(string what, int length)
    {
        using var dir = new TestDirectory("torn-segment");
        _fixture.RestoreInto(dir.Path);
        byte[] header = new byte[WalFormat.SegmentHeaderSize];
        WalFormat.WriteSegmentHeader(header);
        // A crash right after creating the next segment leaves part of its header (or zeros, on a file system that
        // extended the file before the data reached it).
        byte[] contents = length >= 0 ? header[..length] : new byte[-length];
        File.WriteAllBytes(NextSegmentPath(dir.Path), contents);

        AssertIntact(dir.Path, sentinelMayBeLost: false, "newest segment is " + what);
        AssertIntact(dir.Path, sentinelMayBeLost: false, "reopened after a newest segment that was " + what);
    }

    [Fact]
    public void ATornSegmentThatIsNotTheNewestIsCorruption()
    {
        using var dir = new TestDirectory("torn-middle");
        _fixture.RestoreInto(dir.Path);
        byte[] header = new byte[WalFormat.SegmentHeaderSize];
        WalFormat.WriteSegmentHeader(header);
        string torn = NextSegmentPath(dir.Path);
        File.WriteAllBytes(torn, header[..7]);
        WalFormat.TryParseSegmentNumber(Path.GetFileName(torn), out long number);
        File.WriteAllBytes(Path.Combine(Wal(dir.Path), WalFormat.SegmentFileName(number + 1)), header);

        var error = Assert.Throws<LightningCorruptionException>(() => LightningDb.Open(dir.Path, CorruptionFixture.Options()).Dispose());
        Assert.Equal(Path.GetFullPath(torn), error.FilePath);
        Assert.Equal(LightningErrorCode.Corruption, error.Code);
    }

    public enum OlderSegmentDamage
    {
        LastPayloadByteFlipped,
        FirstRecordHeaderFlipped,
        LastRecordSequenceFlipped,
        CutOneByteShort,
        CutInsideLastHeader,
        ZeroLength,
        HeaderOnly,
    }

    [Theory]
    [InlineData(0, OlderSegmentDamage.LastPayloadByteFlipped)]
    [InlineData(1, OlderSegmentDamage.LastPayloadByteFlipped)]
    [InlineData(1, OlderSegmentDamage.FirstRecordHeaderFlipped)]
    [InlineData(1, OlderSegmentDamage.LastRecordSequenceFlipped)]
    [InlineData(0, OlderSegmentDamage.CutOneByteShort)]
    [InlineData(1, OlderSegmentDamage.CutOneByteShort)]
    [InlineData(1, OlderSegmentDamage.CutInsideLastHeader)]
    [InlineData(1, OlderSegmentDamage.ZeroLength)]
    [InlineData(1, OlderSegmentDamage.HeaderOnly)]
    public void DamageToASegmentThatIsNotTheNewestIsCorruptionNamingThatSegment(int index, OlderSegmentDamage damage)
    {
        Assert.True(index < _fixture.Segments.Length - 1);
        using var dir = new TestDirectory("older-segment");
        _fixture.RestoreInto(dir.Path);
        string segment = SegmentPath(dir.Path, index);
        byte[] bytes = _fixture.Segments[index].Bytes;
        List<long> records = RecordOffsets(bytes);
        long? expectedOffset = null;
        switch (damage)
        {
            case OlderSegmentDamage.LastPayloadByteFlipped:
                CorruptionTests.Damage(segment, bytes.Length - 1, 0x10);
                expectedOffset = records[^1];
                break;
            case OlderSegmentDamage.FirstRecordHeaderFlipped:
                CorruptionTests.Damage(segment, records[0] + 2, 0xFF);
                expectedOffset = records[0];
                break;
            case OlderSegmentDamage.LastRecordSequenceFlipped:
                CorruptionTests.Damage(segment, records[^1] + 4, 0x01);
                expectedOffset = records[^1];
                break;
            case OlderSegmentDamage.CutOneByteShort:
                SetLength(segment, bytes.Length - 1);
                expectedOffset = records[^1];
                break;
            case OlderSegmentDamage.CutInsideLastHeader:
                SetLength(segment, records[^1] + 9);
                expectedOffset = records[^1];
                break;
            case OlderSegmentDamage.ZeroLength:
                SetLength(segment, 0);
                break;
            case OlderSegmentDamage.HeaderOnly:
                // The segment reads as empty, so the next one no longer continues the sequence.
                SetLength(segment, WalFormat.SegmentHeaderSize);
                break;
        }

        LightningCorruptionException error = Assert.Throws<LightningCorruptionException>(
            () => LightningDb.Open(dir.Path, CorruptionFixture.Options()).Dispose());
        if (damage == OlderSegmentDamage.HeaderOnly)
        {
            // The gap shows up where the log resumes: in the following segment.
            Assert.Equal(SegmentPath(dir.Path, index + 1), error.FilePath);
        }
        else
        {
            Assert.Equal(segment, error.FilePath);
            if (expectedOffset is long offset) Assert.Equal(offset, error.Offset);
        }
    }

    [Fact]
    public void CoveredSegmentsLeftBehindByAnInterruptedCleanupDoNotBreakRecovery()
    {
        // After a flush, the segments the tree now covers are deleted one by one. A crash part-way through that
        // loop (or a power loss that persisted only some of the unlinks) can leave older covered segments behind
        // while a newer covered one is gone. Those records are all in the tree: opening must skip them, not report
        // a gap in the log. (Found by CrashTests: a kill during WalLog.DeleteCoveredBy.)
        using var dir = new TestDirectory("cleanup");
        var options = CorruptionFixture.Options();
        var expected = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        for (int round = 0; round < 3; round++)
        {
            using LightningDb db = LightningDb.Open(dir.Path, options);
            for (int i = 0; i < 10; i++)
            {
                string key = $"k/{round}/{i}";
                expected[key] = CorruptionFixture.Bytes($"value {round}.{i}");
                db.Put(CorruptionFixture.Bytes(key), expected[key]);
            }
        }
        string wal = Wal(dir.Path);
        string[] before = Directory.GetFiles(wal).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, before.Length);
        byte[][] saved = before.Select(File.ReadAllBytes).ToArray();
        using (LightningDb db = LightningDb.Open(dir.Path, options))
        {
            db.Flush();
            expected["k/after"] = "after the flush"u8.ToArray();
            db.Put("k/after"u8, expected["k/after"]);
        }
        Assert.All(before, path => Assert.False(File.Exists(path), $"{path} should have been deleted by the flush"));
        // The cleanup deleted the newest covered segment first and was interrupted before the two older ones.
        File.WriteAllBytes(before[0], saved[0]);
        File.WriteAllBytes(before[1], saved[1]);

        using (LightningDb db = LightningDb.Open(dir.Path, options))
        {
            foreach ((string key, byte[] value) in expected) Assert.Equal(value, db.Get(CorruptionFixture.Bytes(key)));
            Assert.Equal(expected.Count, db.Scan(null, null).Count());
        }
    }
}
