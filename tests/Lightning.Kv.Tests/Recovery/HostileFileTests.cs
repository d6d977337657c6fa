using System.Buffers.Binary;
using Lightning.Kv.BTree;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// Malformed database files crafted with ordinary file APIs: garbage or truncated tree files, meta pages and WAL
/// segments from a future format version, garbage WAL segments, and files and directories swapped. Opening must end
/// in a <see cref="LightningException"/> with a precise code, promptly (never a crash, a hang, another exception type
/// or wrong data), must leave nothing behind that stops the repaired database from opening with all its data, and
/// must not be "healed" by a second attempt.
/// </summary>
public sealed class HostileFileTests
{
    private const int PageSize = 4096;
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(1); // only a hang guard: open takes milliseconds

    private static LightningDbOptions Options() => new()
    {
        Durability = Durability.Full,
        MemtableSize = 1024 * 1024, // no flush but the explicit ones
        PageSize = PageSize,
        CacheSize = 1024 * 1024,
    };

    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string S(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static string TreePath(string dir) => Path.Combine(dir, PageFormat.FileName);

    private static string WalDir(string dir) => Path.Combine(dir, WalFormat.Directory);

    private static string[] Segments(string dir) =>
        Directory.GetFiles(WalDir(dir), "*" + WalFormat.Extension).Order(StringComparer.Ordinal).ToArray();

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>How much of the database the WAL still holds when the damage is done.</summary>
    public enum Layout
    {
        /// <summary>Nothing was flushed: the WAL holds every commit from sequence 1, tree.db only its two meta pages.</summary>
        WalOnly,
        /// <summary>Everything was flushed into the tree and the WAL segments that held it deleted: the WAL holds no commit.</summary>
        Flushed,
        /// <summary>Flushed, then more commits that only the WAL holds.</summary>
        FlushedThenMore,
    }

    /// <summary>Builds a closed database and returns its contents. Keys and values are deterministic.</summary>
    private static SortedDictionary<string, string> Build(string dir, Layout layout)
    {
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using (LightningDb db = LightningDb.Open(dir, Options()))
        {
            for (int round = 0; round < 4; round++)
            {
                var batch = new WriteBatch();
                for (int i = round; i < 400; i += 4)
                {
                    string key = $"key{i:D4}", value = $"value {i} " + new string((char)('a' + i % 26), i % 7 == 0 ? 1500 : 40 + i % 90);
                    batch.Put(B(key), B(value));
                    expected[key] = value;
                }
                db.Write(batch);
            }
            db.Delete(B("key0007"));
            expected.Remove("key0007");
            if (layout != Layout.WalOnly) db.Flush();
            if (layout == Layout.FlushedThenMore)
            {
                for (int i = 0; i < 20; i++)
                {
                    db.Put(B($"later{i:D2}"), B($"after the flush {i}"));
                    expected[$"later{i:D2}"] = $"after the flush {i}";
                }
            }
        }
        // A second session, so there is more than one segment when the WAL holds commits.
        using (LightningDb db = LightningDb.Open(dir, Options()))
        {
            db.Put(B("second-session"), B("yes"));
            expected["second-session"] = "yes";
            if (layout == Layout.Flushed) db.Flush();
        }
        if (layout == Layout.Flushed) Assert.DoesNotContain(Segments(dir), s => new FileInfo(s).Length > WalFormat.SegmentHeaderSize);
        if (layout == Layout.WalOnly) Assert.Equal(2 * PageSize, new FileInfo(TreePath(dir)).Length);
        else Assert.True(new FileInfo(TreePath(dir)).Length > 5000, "the tree should span more than the meta pages");
        return expected;
    }

    /// <summary>Opens and reads everything: exactly <paramref name="expected"/>, by point reads and by a scan.</summary>
    private static void AssertContents(string dir, IReadOnlyDictionary<string, string> expected)
    {
        using LightningDb db = LightningDb.Open(dir, Options());
        foreach ((string key, string value) in expected)
        {
            byte[]? stored = db.Get(B(key));
            Assert.True(stored is not null && S(stored) == value, $"{key}: {(stored is null ? "missing" : "wrong value")}");
        }
        Assert.Equal(expected.Keys, db.Scan(null, null).Select(e => S(e.Key)));
    }

    /// <summary>Opens (off the test thread, so a hang fails the test instead of stalling it) and expects a Lightning error.</summary>
    private static async Task<LightningException> AssertOpenFails(string dir, LightningErrorCode code)
    {
        Task<Exception?> attempt = Task.Run<Exception?>(() =>
        {
            try
            {
                using LightningDb db = LightningDb.Open(dir, Options());
                int keys = db.Scan(null, null).Count();
                throw new Xunit.Sdk.XunitException($"Open succeeded on a malformed database and serves {keys} keys");
            }
            catch (Exception error) when (error is not Xunit.Sdk.XunitException)
            {
                return error;
            }
        });
        Exception? failure;
        try
        {
            failure = await attempt.WaitAsync(HangLimit);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Open did not return within {HangLimit}: it hangs");
        }
        LightningException error = Assert.IsAssignableFrom<LightningException>(failure);
        Assert.True(error.Code == code, $"expected {code}, got {error.Code}: {error.Message}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    /// <summary>
    /// Garbage in, corruption out — twice, naming the file, without deleting or adding WAL segments; then, with the
    /// original file back, everything is there.
    /// </summary>
    private static async Task AssertCorruptionNamingFile(string dir, string file, IReadOnlyDictionary<string, string> expected, byte[] original)
    {
        string[] segments = Segments(dir);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var error = Assert.IsType<LightningCorruptionException>(await AssertOpenFails(dir, LightningErrorCode.Corruption));
            Assert.Equal(Path.GetFullPath(file), error.FilePath);
        }
        Assert.Equal(segments, Segments(dir));
        File.WriteAllBytes(file, original);
        AssertContents(dir, expected);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(4096)]
    [InlineData(100 * 1024)]
    public async Task TreeFileReplacedByRandomBytesIsCorruption(int length)
    {
        using var dir = new TestDirectory("hostile-tree");
        var expected = Build(dir.Path, Layout.FlushedThenMore);
        byte[] original = File.ReadAllBytes(TreePath(dir.Path));
        File.WriteAllBytes(TreePath(dir.Path), RandomBytes(length, length));
        await AssertCorruptionNamingFile(dir.Path, TreePath(dir.Path), expected, original);
    }

    [Theory]
    [InlineData(Layout.Flushed, 50)]
    [InlineData(Layout.Flushed, 5000)]
    [InlineData(Layout.FlushedThenMore, 50)]
    [InlineData(Layout.FlushedThenMore, 5000)]
    public async Task TreeFileTruncatedAfterAFlushIsCorruption(Layout layout, int length)
    {
        using var dir = new TestDirectory("short-tree");
        var expected = Build(dir.Path, layout);
        byte[] original = File.ReadAllBytes(TreePath(dir.Path));
        File.WriteAllBytes(TreePath(dir.Path), original[..length]);
        await AssertCorruptionNamingFile(dir.Path, TreePath(dir.Path), expected, original);
    }

    [Theory]
    [InlineData(Layout.Flushed, false)]
    [InlineData(Layout.Flushed, true)]
    [InlineData(Layout.FlushedThenMore, false)]
    public async Task AnEmptiedTreeFileWhoseCommitsTheWalNoLongerHoldsIsCorruption(Layout layout, bool deleteIt)
    {
        // A zero-length tree.db is what a crash during creation leaves, before any WAL segment exists. Here the WAL
        // has segments and the tree had absorbed commits whose segments were deleted: treating the file as new would
        // silently present a database that lost its data, so opening must fail — every time.
        using var dir = new TestDirectory("empty-tree");
        var expected = Build(dir.Path, layout);
        byte[] original = File.ReadAllBytes(TreePath(dir.Path));
        if (deleteIt) File.Delete(TreePath(dir.Path));
        else File.WriteAllBytes(TreePath(dir.Path), []);
        for (int attempt = 0; attempt < 2; attempt++) await AssertOpenFails(dir.Path, LightningErrorCode.Corruption);
        File.WriteAllBytes(TreePath(dir.Path), original);
        AssertContents(dir.Path, expected);
    }

    [Fact]
    public async Task AnEmptiedTreeFileIsDetectedOrHarmlessWhileTheWalHoldsEveryCommit()
    {
        // Nothing was ever flushed: the tree held no data and the WAL every commit from sequence 1. Replaying it
        // restores everything; refusing to open (the file is damaged after all) is acceptable too. Anything else is not.
        using var dir = new TestDirectory("empty-tree-wal");
        var expected = Build(dir.Path, Layout.WalOnly);
        byte[] original = File.ReadAllBytes(TreePath(dir.Path));
        File.WriteAllBytes(TreePath(dir.Path), []);
        try
        {
            AssertContents(dir.Path, expected);
            AssertContents(dir.Path, expected);
        }
        catch (LightningException)
        {
            await AssertOpenFails(dir.Path, LightningErrorCode.Corruption);
            File.WriteAllBytes(TreePath(dir.Path), original);
            AssertContents(dir.Path, expected);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task AMetaPageFromAFutureFormatVersionIsUnsupportedFormat(int page)
    {
        using var dir = new TestDirectory("meta-v2");
        var expected = Build(dir.Path, Layout.FlushedThenMore);
        byte[] original = File.ReadAllBytes(TreePath(dir.Path));
        byte[] future = original.ToArray();
        Span<byte> meta = future.AsSpan(page * PageSize, TreeMeta.EncodedLength);
        Assert.Equal((uint)TreeMeta.FormatVersion, BinaryPrimitives.ReadUInt32LittleEndian(meta[40..]));
        BinaryPrimitives.WriteUInt32LittleEndian(meta[40..], (uint)TreeMeta.FormatVersion + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(meta, Lightning.Kv.Encoding.Crc32C.Compute(meta[4..TreeMeta.EncodedLength]));
        File.WriteAllBytes(TreePath(dir.Path), future);

        LightningException error = await AssertOpenFails(dir.Path, LightningErrorCode.UnsupportedFormat);
        Assert.Contains($"version {TreeMeta.FormatVersion + 1}", error.Message);
        Assert.Equal(future, File.ReadAllBytes(TreePath(dir.Path))); // a future file is not rewritten by an old build
        File.WriteAllBytes(TreePath(dir.Path), original);
        AssertContents(dir.Path, expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AWalSegmentFromAFutureFormatVersionIsUnsupportedFormat(bool newest)
    {
        using var dir = new TestDirectory("wal-v2");
        var expected = Build(dir.Path, Layout.WalOnly);
        string[] segments = Segments(dir.Path);
        Assert.True(segments.Length >= 2, "expected a segment per session");
        string segment = newest ? segments[^1] : segments[0];
        byte[] original = File.ReadAllBytes(segment);
        byte[] future = original.ToArray();
        Assert.Equal(WalFormat.Version, BinaryPrimitives.ReadUInt16LittleEndian(future.AsSpan(8)));
        BinaryPrimitives.WriteUInt16LittleEndian(future.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(future.AsSpan(12), Lightning.Kv.Encoding.Crc32C.Compute(future.AsSpan(0, 12)));
        File.WriteAllBytes(segment, future);

        LightningException error = await AssertOpenFails(dir.Path, LightningErrorCode.UnsupportedFormat);
        Assert.Contains(Path.GetFileName(segment), error.Message);
        Assert.Equal(future, File.ReadAllBytes(segment));
        Assert.Equal(segments, Segments(dir.Path)); // nothing deleted or added by the failed open
        File.WriteAllBytes(segment, original);
        AssertContents(dir.Path, expected);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(4096, false)]
    [InlineData(100 * 1024, false)]
    [InlineData(4096, true)]
    [InlineData(100 * 1024, true)]
    public async Task ARandomWalSegmentThatIsNotTheNewestIsCorruption(int length, bool validHeader)
    {
        using var dir = new TestDirectory("wal-random");
        var expected = Build(dir.Path, Layout.WalOnly);
        string[] segments = Segments(dir.Path);
        Assert.True(segments.Length >= 2, "expected a segment per session");
        string segment = segments[0];
        byte[] original = File.ReadAllBytes(segment);
        byte[] garbage = RandomBytes(length, length + (validHeader ? 1 : 0));
        if (validHeader) original.AsSpan(0, WalFormat.SegmentHeaderSize).CopyTo(garbage); // damage past the header
        File.WriteAllBytes(segment, garbage);
        await AssertCorruptionNamingFile(dir.Path, segment, expected, original);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATreeFileThatIsADirectoryIsAnIOError(bool withData)
    {
        using var dir = new TestDirectory("tree-dir");
        var expected = withData ? Build(dir.Path, Layout.FlushedThenMore) : new SortedDictionary<string, string>();
        byte[]? original = withData ? File.ReadAllBytes(TreePath(dir.Path)) : null;
        if (withData) File.Delete(TreePath(dir.Path));
        Directory.CreateDirectory(TreePath(dir.Path));

        LightningException error = await AssertOpenFails(dir.Path, LightningErrorCode.IOError);
        Assert.Contains(TreePath(dir.Path), error.Message);
        await AssertOpenFails(dir.Path, LightningErrorCode.IOError); // the failed open released the directory lock
        Directory.Delete(TreePath(dir.Path));
        if (original is not null) File.WriteAllBytes(TreePath(dir.Path), original);
        AssertContents(dir.Path, expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AWalThatIsAFileIsAnIOError(bool withData)
    {
        using var dir = new TestDirectory("hostile-waldir");
        var expected = withData ? Build(dir.Path, Layout.WalOnly) : new SortedDictionary<string, string>();
        string aside = dir.Path + "-wal-aside";
        if (withData) Directory.Move(WalDir(dir.Path), aside);
        else Directory.CreateDirectory(dir.Path);
        File.WriteAllBytes(WalDir(dir.Path), B("not a directory"));
        try
        {
            LightningException error = await AssertOpenFails(dir.Path, LightningErrorCode.IOError);
            Assert.Contains(WalDir(dir.Path), error.Message);
            await AssertOpenFails(dir.Path, LightningErrorCode.IOError);
            Assert.Equal("not a directory", S(File.ReadAllBytes(WalDir(dir.Path))));
            File.Delete(WalDir(dir.Path));
            if (withData) Directory.Move(aside, WalDir(dir.Path));
            AssertContents(dir.Path, expected);
        }
        finally
        {
            if (Directory.Exists(aside)) Directory.Delete(aside, recursive: true);
        }
    }
}
