using LightningDB;

namespace Lightning.Workloads.Engines;

/// <summary>
/// LMDB through the LightningDB package (system liblmdb, see <see cref="LmdbNativeLoader"/>): default flags
/// (fsync of data and meta page per commit) or NoSync|NoMetaSync (no fsync). One read-only transaction per read or scan.
/// </summary>
internal sealed class LmdbAdapter : IKvAdapter
{
    private LightningEnvironment? _env;
    private LightningDatabase? _db;
    private string _directory = "";

    public string Name => "lmdb";
    public bool SupportsScans => true;
    public bool SupportsSyncPerCommit => true;
    public string DurabilityDescription { get; private set; } = "";

    private LightningEnvironment Env => _env ?? throw new InvalidOperationException("Not open.");
    private LightningDatabase Db => _db ?? throw new InvalidOperationException("Not open.");

    public void Open(string directory, bool syncPerCommit)
    {
        LmdbNativeLoader.Install();
        _directory = directory;
        Directory.CreateDirectory(directory);
        _env = new LightningEnvironment(directory, new EnvironmentConfiguration { MapSize = 32L << 30, MaxReaders = 256 });
        EnvironmentOpenFlags flags = EnvironmentOpenFlags.NoThreadLocalStorage;
        if (!syncPerCommit) flags |= EnvironmentOpenFlags.NoSync | EnvironmentOpenFlags.NoMetaSync;
        _env.Open(flags);
        using (LightningTransaction tx = _env.BeginTransaction())
        {
            _db = tx.OpenDatabase(configuration: new DatabaseConfiguration { Flags = DatabaseOpenFlags.Create });
            tx.Commit();
        }
        DurabilityDescription = syncPerCommit
            ? "default flags (fdatasync per commit)"
            : "MDB_NOSYNC | MDB_NOMETASYNC (no fsync)";
    }

    public void Put(byte[] key, byte[] value)
    {
        using LightningTransaction tx = Env.BeginTransaction();
        tx.Put(Db, key, value);
        tx.Commit();
    }

    public void PutBatch(byte[][] keys, byte[][] values, int start, int count)
    {
        using LightningTransaction tx = Env.BeginTransaction();
        for (int i = start; i < start + count; i++) tx.Put(Db, keys[i], values[i]);
        tx.Commit();
    }

    public int Get(byte[] key, byte[] buffer)
    {
        using LightningTransaction tx = Env.BeginTransaction(TransactionBeginFlags.ReadOnly);
        var (rc, _, value) = tx.Get(Db, key);
        if (rc != MDBResultCode.Success) return -1;
        ReadOnlySpan<byte> span = value.AsSpan();
        if (span.Length <= buffer.Length) span.CopyTo(buffer);
        return span.Length;
    }

    public int Scan(byte[] from, int count)
    {
        using LightningTransaction tx = Env.BeginTransaction(TransactionBeginFlags.ReadOnly);
        using LightningCursor cursor = tx.CreateCursor(Db);
        if (cursor.SetRange(from) != MDBResultCode.Success) return 0;
        int n = 0;
        do
        {
            var (rc, key, value) = cursor.GetCurrent();
            if (rc != MDBResultCode.Success) break;
            _ = key.CopyToNewArray();
            _ = value.CopyToNewArray();
            n++;
        } while (n < count && cursor.Next().resultCode == MDBResultCode.Success);
        return n;
    }

    public void Settle() => Env.Flush(true);

    public long DiskSize() => DirectorySize.Of(_directory);

    public void Dispose()
    {
        _db?.Dispose();
        _env?.Dispose();
        _db = null;
        _env = null;
    }
}
