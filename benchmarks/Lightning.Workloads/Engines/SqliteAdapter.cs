using Microsoft.Data.Sqlite;

namespace Lightning.Workloads.Engines;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite: one table (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID, WAL journal,
/// synchronous=FULL (fsync per commit) or OFF (no fsync). One connection with prepared commands per thread.
/// </summary>
internal sealed class SqliteAdapter : IKvAdapter
{
    private readonly ThreadLocal<SqliteSession> _sessions;
    private readonly List<SqliteSession> _all = [];
    private string _directory = "";
    private string _connectionString = "";
    private bool _sync;

    public SqliteAdapter() => _sessions = new ThreadLocal<SqliteSession>(CreateSession);

    public string Name => "sqlite";
    public bool SupportsScans => true;
    public bool SupportsSyncPerCommit => true;
    public string DurabilityDescription { get; private set; } = "";

    public void Open(string directory, bool syncPerCommit)
    {
        _directory = directory;
        _sync = syncPerCommit;
        Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "kv.db"),
            Pooling = false,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        using (var setup = new SqliteConnection(_connectionString))
        {
            setup.Open();
            Exec(setup, "PRAGMA journal_mode=WAL;");
            Exec(setup, "CREATE TABLE IF NOT EXISTS kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;");
        }
        DurabilityDescription = syncPerCommit
            ? "WAL, synchronous=FULL (fsync of the WAL per commit)"
            : "WAL, synchronous=OFF (no fsync)";
        _ = _sessions.Value;
    }

    private SqliteSession CreateSession()
    {
        var session = new SqliteSession(_connectionString, _sync);
        lock (_all) _all.Add(session);
        return session;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteSession Session => _sessions.Value!;

    public void Put(byte[] key, byte[] value) => Session.Put(key, value);

    public void PutBatch(byte[][] keys, byte[][] values, int start, int count) => Session.PutBatch(keys, values, start, count);

    public int Get(byte[] key, byte[] buffer) => Session.Get(key, buffer);

    public int Scan(byte[] from, int count) => Session.Scan(from, count);

    public void Settle()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Exec(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    public long DiskSize() => DirectorySize.Of(_directory);

    public void Dispose()
    {
        lock (_all)
        {
            foreach (SqliteSession session in _all) session.Dispose();
            _all.Clear();
        }
        _sessions.Dispose();
    }
}
