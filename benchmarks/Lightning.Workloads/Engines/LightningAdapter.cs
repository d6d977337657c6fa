using Lightning.Kv;

namespace Lightning.Workloads.Engines;

/// <summary>Lightning.Kv: Durability.Full (WAL fsync per commit, group commit) or Durability.None.</summary>
internal sealed class LightningAdapter : IKvAdapter
{
    private LightningDb? _db;
    private string _directory = "";
    [ThreadStatic] private static WriteBatch? t_batch;

    public string Name => "lightning";
    public bool SupportsScans => true;
    public bool SupportsSyncPerCommit => true;
    public string DurabilityDescription { get; private set; } = "";

    private LightningDb Db => _db ?? throw new InvalidOperationException("Not open.");

    public void Open(string directory, bool syncPerCommit)
    {
        _directory = directory;
        // The cache is sized for the data set (the peers read through the OS page cache, which holds all of it
        // on this machine): "warm cache" reads must not measure our default 64 MiB cache missing.
        var options = new LightningDbOptions
        {
            Durability = syncPerCommit ? Durability.Full : Durability.None,
            CacheSize = 1L << 30,
        };
        _db = LightningDb.Open(directory, options);
        DurabilityDescription = syncPerCommit
            ? "Durability.Full (WAL fsync before each commit returns; concurrent commits share an fsync)"
            : "Durability.None (no fsync; OS writes back)";
    }

    public void Put(byte[] key, byte[] value) => Db.Put(key, value);

    public void PutBatch(byte[][] keys, byte[][] values, int start, int count)
    {
        WriteBatch batch = t_batch ??= new WriteBatch();
        batch.Clear();
        for (int i = start; i < start + count; i++) batch.Put(keys[i], values[i]);
        Db.Write(batch);
    }

    public int Get(byte[] key, byte[] buffer)
    {
        if (!Db.TryGet(key, buffer, out int length)) return -1;
        return length;
    }

    public int Scan(byte[] from, int count)
    {
        int n = 0;
        foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(from, null))
        {
            if (++n >= count) break;
        }
        return n;
    }

    public void Settle() => Db.Flush();

    public long DiskSize() => DirectorySize.Of(_directory);

    public void Dispose()
    {
        _db?.Dispose();
        _db = null;
    }
}
