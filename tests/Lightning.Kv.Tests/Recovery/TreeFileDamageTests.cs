using Lightning.Kv.BTree;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// Damage to tree.db as a whole: garbage, zeros, a missing or truncated file, and damaged meta pages — including
/// the case the meta-page fallback must get right: with the newest meta page unreadable the older one is used, which
/// is correct only while the WAL still holds every commit the newer tree had absorbed.
/// </summary>
public sealed class TreeFileDamageTests : IClassFixture<CorruptionFixture>
{
    private const int PageSize = CorruptionFixture.PageSize;
    private readonly CorruptionFixture _fixture;

    public TreeFileDamageTests(CorruptionFixture fixture) => _fixture = fixture;

    private static string TreePath(string dir) => Path.Combine(dir, PageFormat.FileName);

    [Theory]
    [InlineData(1)]
    [InlineData(95)]
    [InlineData(PageSize)]
    [InlineData(3 * PageSize + 17)]
    [InlineData(16 * PageSize)]
    public void RandomBytesAsTheTreeFileAreRejected(int length)
    {
        using var dir = new TestDirectory("random-tree");
        _fixture.RestoreInto(dir.Path);
        byte[] garbage = new byte[length];
        new Random(length).NextBytes(garbage);
        File.WriteAllBytes(TreePath(dir.Path), garbage);
        AssertOpenRejected(dir.Path);
    }

    [Fact]
    public void ZerosAsTheTreeFileAreRejected()
    {
        using var dir = new TestDirectory("zero-tree");
        _fixture.RestoreInto(dir.Path);
        File.WriteAllBytes(TreePath(dir.Path), new byte[4 * PageSize]);
        AssertOpenRejected(dir.Path);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ALostTreeFileIsNotMistakenForANewDatabase(bool deleteIt)
    {
        // With tree.db gone (or emptied) the WAL starts long after sequence 1: the commits in between are missing,
        // so opening must fail rather than present the few WAL commits as the whole database.
        using var dir = new TestDirectory("lost-tree");
        _fixture.RestoreInto(dir.Path);
        if (deleteIt) File.Delete(TreePath(dir.Path));
        else File.WriteAllBytes(TreePath(dir.Path), []);
        LightningException error = Assert.ThrowsAny<LightningException>(() => LightningDb.Open(dir.Path, CorruptionFixture.Options()).Dispose());
        Assert.Equal(LightningErrorCode.Corruption, error.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(PageSize)]
    [InlineData(PageSize + 1)]
    [InlineData(-1)] // half the file
    public void ATruncatedTreeFileIsDetectedOrHarmless(int cut)
    {
        using var dir = new TestDirectory("short-tree");
        _fixture.RestoreInto(dir.Path);
        long length = cut < 0 ? _fixture.TreeBytes.Length / 2 : _fixture.TreeBytes.Length - cut;
        using (var stream = new FileStream(TreePath(dir.Path), FileMode.Open, FileAccess.Write)) stream.SetLength(length);
        var violations = new List<string>();
        DamageOutcome outcome = new CorruptionChecker(_fixture).Check(dir.Path, $"tree.db cut to {length} bytes", false, violations);
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(10)));
        if (cut < 0) Assert.NotEqual(DamageOutcome.Intact, outcome);
    }

    [Fact]
    public void BothMetaPagesDamagedIsCorruption()
    {
        using var dir = new TestDirectory("both-meta");
        _fixture.RestoreInto(dir.Path);
        CorruptionTests.Damage(TreePath(dir.Path), 50, 0x01);
        CorruptionTests.Damage(TreePath(dir.Path), PageSize + 50, 0x01);
        var error = Assert.Throws<LightningCorruptionException>(() => LightningDb.Open(dir.Path, CorruptionFixture.Options()).Dispose());
        Assert.Equal(Path.GetFullPath(TreePath(dir.Path)), error.FilePath);
    }

    /// <summary>A database whose last flush is recorded in the newest meta page only, plus the WAL segment it consumed.</summary>
    private sealed class TwoFlushDatabase
    {
        public readonly SortedDictionary<string, byte[]> Expected = new(StringComparer.Ordinal);
        public readonly SortedSet<string> Absent = new(StringComparer.Ordinal);
        public string ConsumedSegmentName = "";
        public byte[] ConsumedSegment = [];
        public long NewestMetaOffset;

        public static LightningDbOptions Options() => CorruptionFixture.Options();

        public void Build(string path)
        {
            using (LightningDb db = LightningDb.Open(path, Options()))
            {
                var batch = new WriteBatch();
                for (int i = 0; i < 300; i++) Put(batch, $"a/{i:D3}", $"first {i} " + new string('x', i % 40));
                Put(batch, "big", new string('B', 6000));
                db.Write(batch);
                db.Flush(); // tree transaction 1
            }
            using (LightningDb db = LightningDb.Open(path, Options()))
            {
                var batch = new WriteBatch();
                for (int i = 0; i < 300; i += 2) Put(batch, $"a/{i:D3}", $"second {i}");
                for (int i = 0; i < 300; i += 5)
                {
                    batch.Delete(CorruptionFixture.Bytes($"a/{i:D3}"));
                    Expected.Remove($"a/{i:D3}");
                    Absent.Add($"a/{i:D3}");
                }
                Put(batch, "big", new string('C', 7000));
                db.Write(batch);
                for (int i = 0; i < 20; i++)
                {
                    db.Put(CorruptionFixture.Bytes($"b/{i}"), CorruptionFixture.Bytes($"single {i}"));
                    Expected[$"b/{i}"] = CorruptionFixture.Bytes($"single {i}");
                }
            }
            string consumed = Directory.GetFiles(Path.Combine(path, WalFormat.Directory)).Order(StringComparer.Ordinal).Last();
            ConsumedSegmentName = Path.GetFileName(consumed);
            ConsumedSegment = File.ReadAllBytes(consumed);
            using (LightningDb db = LightningDb.Open(path, Options()))
            {
                db.Flush(); // tree transaction 2: absorbs the second round and deletes its segment
            }
            Assert.False(File.Exists(consumed));
            byte[] tree = File.ReadAllBytes(TreePath(path));
            TreeMeta meta0 = TreeMeta.TryDecode(tree.AsSpan(0, PageSize), 0, out _)!;
            TreeMeta meta1 = TreeMeta.TryDecode(tree.AsSpan(PageSize, PageSize), 1, out _)!;
            Assert.NotEqual(meta0.LastSequence, meta1.LastSequence);
            NewestMetaOffset = meta0.TxnId > meta1.TxnId ? 0 : PageSize;
        }

        private void Put(WriteBatch batch, string key, string value)
        {
            batch.Put(CorruptionFixture.Bytes(key), CorruptionFixture.Bytes(value));
            Expected[key] = CorruptionFixture.Bytes(value);
            Absent.Remove(key);
        }
    }

    [Fact]
    public void ADamagedNewestMetaPageFallsBackToTheOlderOneWhileTheWalStillHoldsTheNewerCommits()
    {
        // As after a crash that persisted the flush's meta page but not the deletion of the segment it consumed,
        // then damage to that meta page: the older tree plus the WAL give exactly the newest state.
        using var dir = new TestDirectory("meta-fallback");
        var db = new TwoFlushDatabase();
        db.Build(dir.Path);
        string segment = Path.Combine(dir.Path, WalFormat.Directory, db.ConsumedSegmentName);
        File.WriteAllBytes(segment, db.ConsumedSegment);
        var checker = new CorruptionChecker(db.Expected, db.Absent, TwoFlushDatabase.Options());

        var violations = new List<string>();
        Assert.Equal(DamageOutcome.Intact, checker.Check(dir.Path, "consumed segment restored", false, violations));
        File.WriteAllBytes(segment, db.ConsumedSegment); // that open deleted it again, as covered by the tree
        CorruptionTests.Damage(TreePath(dir.Path), db.NewestMetaOffset + 60, 0x04);
        Assert.Equal(DamageOutcome.Intact, checker.Check(dir.Path, "newest meta damaged, WAL covers the gap", false, violations));
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(10)));
    }

    [Fact]
    public void ADamagedNewestMetaPageWithoutTheWalToBridgeItIsNotServedAsStaleData()
    {
        // The older meta page describes the tree before the last flush, and the WAL segment holding the flushed
        // commits is gone. Falling back silently would resurrect deleted keys and return overwritten values;
        // every read must be right or raise corruption (opening may fail outright).
        using var dir = new TestDirectory("meta-stale");
        var db = new TwoFlushDatabase();
        db.Build(dir.Path);
        CorruptionTests.Damage(TreePath(dir.Path), db.NewestMetaOffset + 60, 0x04);
        var violations = new List<string>();
        new CorruptionChecker(db.Expected, db.Absent, TwoFlushDatabase.Options())
            .Check(dir.Path, "newest meta damaged, WAL no longer holds its commits", false, violations);
        Assert.True(violations.Count == 0, $"{violations.Count} wrong reads, e.g.:\n" + string.Join("\n", violations.Take(8)));
    }

    private static void AssertOpenRejected(string dir)
    {
        LightningException error = Assert.ThrowsAny<LightningException>(() => LightningDb.Open(dir, CorruptionFixture.Options()).Dispose());
        Assert.True(error.Code is LightningErrorCode.Corruption or LightningErrorCode.UnsupportedFormat, $"code {error.Code}: {error.Message}");
    }
}
