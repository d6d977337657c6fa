using Microsoft.Data.Sqlite;

namespace Lightning.Workloads.Engines;

/// <summary>One SQLite connection with its prepared commands; used by one thread at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _put, _get, _scan;
    private readonly SqliteParameter _putKey, _putValue, _getKey, _scanFrom, _scanCount;

    public SqliteSession(string connectionString, bool sync)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (SqliteCommand pragma = _connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA synchronous={(sync ? "FULL" : "OFF")}; PRAGMA busy_timeout=30000;";
            pragma.ExecuteNonQuery();
        }
        _put = _connection.CreateCommand();
        _put.CommandText = "INSERT OR REPLACE INTO kv (k, v) VALUES ($k, $v)";
        _putKey = _put.Parameters.Add("$k", SqliteType.Blob);
        _putValue = _put.Parameters.Add("$v", SqliteType.Blob);
        _put.Prepare();
        _get = _connection.CreateCommand();
        _get.CommandText = "SELECT v FROM kv WHERE k = $k";
        _getKey = _get.Parameters.Add("$k", SqliteType.Blob);
        _get.Prepare();
        _scan = _connection.CreateCommand();
        _scan.CommandText = "SELECT k, v FROM kv WHERE k >= $from ORDER BY k LIMIT $n";
        _scanFrom = _scan.Parameters.Add("$from", SqliteType.Blob);
        _scanCount = _scan.Parameters.Add("$n", SqliteType.Integer);
        _scan.Prepare();
    }

    public void Put(byte[] key, byte[] value)
    {
        _putKey.Value = key;
        _putValue.Value = value;
        _put.ExecuteNonQuery();
    }

    public void PutBatch(byte[][] keys, byte[][] values, int start, int count)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        _put.Transaction = transaction;
        for (int i = start; i < start + count; i++)
        {
            _putKey.Value = keys[i];
            _putValue.Value = values[i];
            _put.ExecuteNonQuery();
        }
        transaction.Commit();
        _put.Transaction = null;
    }

    public int Get(byte[] key, byte[] buffer)
    {
        _getKey.Value = key;
        using SqliteDataReader reader = _get.ExecuteReader();
        if (!reader.Read()) return -1;
        return (int)reader.GetBytes(0, 0, buffer, 0, buffer.Length);
    }

    public int Scan(byte[] from, int count)
    {
        _scanFrom.Value = from;
        _scanCount.Value = count;
        int n = 0;
        using SqliteDataReader reader = _scan.ExecuteReader();
        while (reader.Read())
        {
            _ = (byte[])reader[0];
            _ = (byte[])reader[1];
            n++;
        }
        return n;
    }

    public void Dispose()
    {
        _put.Dispose();
        _get.Dispose();
        _scan.Dispose();
        _connection.Dispose();
    }
}
