using RocksDbSharp;

namespace Lightning.Workloads.Engines;

/// <summary>
/// RocksDB through the RocksDB (RocksDbSharp) package with default options: WriteOptions.sync=true (WAL fsync per
/// write) or sync=false (no fsync; WAL written, OS writes back).
/// </summary>
internal sealed class RocksDbAdapter : IKvAdapter
{
    private RocksDb? _db;
    private WriteOptions? _writeOptions;
    private string _directory = "";

    public string Name => "rocksdb";
    public bool SupportsScans => true;
    public bool SupportsSyncPerCommit => true;
    public string DurabilityDescription { get; private set; } = "";

    private RocksDb Db => _db ?? throw new InvalidOperationException("Not open.");

    public void Open(string directory, bool syncPerCommit)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        var options = new DbOptions().SetCreateIfMissing(true);
        _db = RocksDb.Open(options, directory);
        _writeOptions = new WriteOptions().SetSync(syncPerCommit);
        DurabilityDescription = syncPerCommit
            ? "WriteOptions.sync=true (WAL fsync per write)"
            : "WriteOptions.sync=false (no fsync)";
    }

    public void Put(byte[] key, byte[] value) => Db.Put(key, value, null, _writeOptions);

    public void PutBatch(byte[][] keys, byte[][] values, int start, int count)
    {
        using var batch = new RocksDbSharp.WriteBatch();
        for (int i = start; i < start + count; i++) batch.Put(keys[i], values[i]);
        Db.Write(batch, _writeOptions);
    }

    public int Get(byte[] key, byte[] buffer)
    {
        long length = Db.Get(key, key.Length, buffer, 0, buffer.Length);
        return (int)length;
    }

    public int Scan(byte[] from, int count)
    {
        using Iterator iterator = Db.NewIterator();
        int n = 0;
        for (iterator.Seek(from); n < count && iterator.Valid(); iterator.Next())
        {
            _ = iterator.Key();
            _ = iterator.Value();
            n++;
        }
        return n;
    }

    public void Settle() => Db.Flush(new FlushOptions().SetWaitForFlush(true));

    public long DiskSize() => DirectorySize.Of(_directory);

    public void Dispose()
    {
        _db?.Dispose();
        _db = null;
    }
}
