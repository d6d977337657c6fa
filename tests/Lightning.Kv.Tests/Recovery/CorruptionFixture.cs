using Lightning.Kv.BTree;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// A closed database with known contents, built once, kept as bytes so each corruption case starts from a fresh copy:
/// <list type="bullet">
/// <item>tree.db: ~600 keys over a two-level tree (an internal root over many leaves), values large enough for
/// overflow chains, several flush transactions (so both meta pages are in use and a free list exists);</item>
/// <item>three WAL segments written under <see cref="Durability.Full"/> (each by one open/close), holding commits
/// that overwrite and delete tree keys and add new ones — single puts/deletes, a batch and a transaction;</item>
/// <item>a final sentinel commit, the last record of the newest segment, so that every commit of interest lies in a
/// record that must never be dropped silently (only the very last one may be discarded as a torn write).</item>
/// </list>
/// </summary>
public sealed class CorruptionFixture : IDisposable
{
    public const int PageSize = 4096;
    public const string SentinelKey = "zz/sentinel";

    private readonly TestDirectory _dir = new("corruption-fixture");
    private readonly SortedDictionary<string, byte[]> _expected = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _absent = new(StringComparer.Ordinal);

    public CorruptionFixture()
    {
        BuildTree();
        WalPhase(1, 10);
        WalPhase(2, 8);
        WalPhase(3, 4, sentinel: true);
        TreeBytes = File.ReadAllBytes(Path.Combine(_dir.Path, PageFormat.FileName));
        Segments = Directory.GetFiles(Path.Combine(_dir.Path, WalFormat.Directory), "*" + WalFormat.Extension)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path)))
            .ToArray();
        Assert.Equal(3, Segments.Length);
        Assert.Equal(0, TreeBytes.Length % PageSize);
    }

    /// <summary>Options for opening copies: a memtable large enough that nothing is flushed while a case runs.</summary>
    public static LightningDbOptions Options() => new()
    {
        Durability = Durability.Full,
        MemtableSize = 4 * 1024 * 1024,
        PageSize = PageSize,
        CacheSize = 1024 * 1024,
    };

    public IReadOnlyDictionary<string, byte[]> Expected => _expected;

    /// <summary>Keys that existed once and were deleted: they must read as absent (or raise corruption).</summary>
    public IReadOnlyCollection<string> Absent => _absent;

    public byte[] TreeBytes { get; }

    /// <summary>The WAL segments, oldest first: (file name, contents).</summary>
    public (string Name, byte[] Bytes)[] Segments { get; }

    /// <summary>Offset, in the newest segment, of the sentinel's record (the last record).</summary>
    public long SentinelRecordOffset { get; private set; }

    public int TreePageCount => TreeBytes.Length / PageSize;

    /// <summary>Writes the pristine files into <paramref name="path"/> (replacing whatever an earlier case left).</summary>
    public void RestoreInto(string path)
    {
        string wal = Path.Combine(path, WalFormat.Directory);
        if (Directory.Exists(wal)) Directory.Delete(wal, recursive: true);
        Directory.CreateDirectory(wal);
        File.WriteAllBytes(Path.Combine(path, PageFormat.FileName), TreeBytes);
        foreach ((string name, byte[] bytes) in Segments) File.WriteAllBytes(Path.Combine(wal, name), bytes);
    }

    public static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    public static string Text(byte[] bytes) => System.Text.Encoding.ASCII.GetString(bytes);

    private static byte[] Value(string tag, int length)
    {
        var value = new byte[length];
        byte[] prefix = Bytes(tag + ":");
        for (int i = 0; i < length; i++) value[i] = i < prefix.Length ? prefix[i] : (byte)('A' + (i * 7 + tag.Length) % 26);
        return value;
    }

    private void Put(LightningDb db, string key, byte[] value)
    {
        db.Put(Bytes(key), value);
        _expected[key] = value;
        _absent.Remove(key);
    }

    private void Delete(LightningDb db, string key)
    {
        db.Delete(Bytes(key));
        if (_expected.Remove(key)) _absent.Add(key);
    }

    private static string TreeKey(int i) => $"t/{i:D4}";

    private void BuildTree()
    {
        var options = new LightningDbOptions { Durability = Durability.None, MemtableSize = 64 * 1024, PageSize = PageSize, CacheSize = 1024 * 1024 };
        using (LightningDb db = LightningDb.Open(_dir.Path, options))
        {
            var batch = new WriteBatch();
            for (int i = 0; i < 600; i++)
            {
                byte[] value = Value($"tree {i} v1", 40 + i % 70);
                batch.Put(Bytes(TreeKey(i)), value);
                _expected[TreeKey(i)] = value;
                if (batch.Count == 25)
                {
                    db.Write(batch);
                    batch.Clear();
                }
            }
            for (int i = 0; i < 6; i++) Put(db, $"big/{i}", Value($"big {i} v1", 1500 + i * 1700));
            db.Flush();
            for (int i = 0; i < 600; i += 3) Put(db, TreeKey(i), Value($"tree {i} v2", 30 + i % 50));
            for (int i = 5; i < 600; i += 7) Delete(db, TreeKey(i));
            Put(db, "big/1", Value("big 1 v2", 5000));
            Delete(db, "big/2");
            db.Flush();
            for (int i = 1; i < 600; i += 11) Put(db, TreeKey(i), Value($"tree {i} v3", 20 + i % 90));
            db.Flush();
        }
    }

    /// <summary>One open/close under Durability.Full: one WAL segment of small commits touching tree keys.</summary>
    private void WalPhase(int phase, int commits, bool sentinel = false)
    {
        var options = Options();
        using LightningDb db = LightningDb.Open(_dir.Path, options);
        for (int c = 0; c < commits; c++)
        {
            int t = (phase * 97 + c * 41) % 600;
            switch (c % 5)
            {
                case 0:
                    Put(db, TreeKey(t), Value($"wal {phase}.{c}", 12)); // overwrite a tree key
                    break;
                case 1:
                    Delete(db, TreeKey(t)); // delete a tree key (or re-delete an absent one)
                    break;
                case 2:
                {
                    var batch = new WriteBatch();
                    foreach (string key in new[] { $"w/{phase}/{c}/a", $"w/{phase}/{c}/b", TreeKey(t + 1) })
                    {
                        byte[] value = Value($"batch {phase}.{c} {key}", 10);
                        batch.Put(Bytes(key), value);
                        _expected[key] = value;
                        _absent.Remove(key);
                    }
                    batch.Delete(Bytes(TreeKey(t + 2)));
                    if (_expected.Remove(TreeKey(t + 2))) _absent.Add(TreeKey(t + 2));
                    db.Write(batch);
                    break;
                }
                case 3:
                {
                    using KvTransaction txn = db.BeginTransaction();
                    byte[] value = Value($"txn {phase}.{c}", 9);
                    txn.Put(Bytes($"w/{phase}/{c}/txn"), value);
                    txn.Delete(Bytes("big/3"));
                    txn.Commit();
                    _expected[$"w/{phase}/{c}/txn"] = value;
                    if (_expected.Remove("big/3")) _absent.Add("big/3");
                    break;
                }
                default:
                    Put(db, $"w/{phase}/{c}", Value($"new {phase}.{c}", 11)); // a key only the WAL knows
                    break;
            }
        }
        if (sentinel)
        {
            string wal = Path.Combine(_dir.Path, WalFormat.Directory);
            string newest = Directory.GetFiles(wal, "*" + WalFormat.Extension).Order(StringComparer.Ordinal).Last();
            SentinelRecordOffset = new FileInfo(newest).Length;
            Put(db, SentinelKey, Bytes("the last record of the log"));
        }
    }

    public void Dispose() => _dir.Dispose();
}
