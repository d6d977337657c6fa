using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Dapper;
using Lightning.Data;
using Microsoft.Data.Sqlite;

namespace Lightning.Data.Benchmarks;

/// <summary>One row of the benchmark table, as an application would map it.</summary>
public sealed class Item
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public double Price { get; set; }
    public long Stock { get; set; }
}

/// <summary>
/// Point select by key, 100-row range select and a 10,000-row insert in one transaction, through Dapper, against
/// Lightning.Data and Microsoft.Data.Sqlite (WAL mode, synchronous=NORMAL for both "durable on commit" peers is not
/// equal, so both run with their durability relaxed to the OS: Lightning Durability=None, SQLite synchronous=OFF).
/// </summary>
[MemoryDiagnoser]
public class DapperBenchmarks
{
    private const int Rows = 100_000;
    private const string Schema = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, stock INTEGER)";

    [Params("Lightning", "Sqlite")]
    public string Engine { get; set; } = "Lightning";

    private string _directory = "";
    private DbConnection _connection = null!;
    private long _next;
    private long _insertBase = 10_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ldb-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _connection = Engine == "Lightning"
            ? new LightningConnection($"Data Source={Path.Combine(_directory, "db")};Durability=None")
            : new SqliteConnection($"Data Source={Path.Combine(_directory, "db.sqlite")}");
        _connection.Open();
        if (Engine == "Sqlite") _connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        _connection.Execute(Schema);
        using DbTransaction tx = _connection.BeginTransaction();
        for (int i = 0; i < Rows; i++)
            _connection.Execute("INSERT INTO items (id, name, price, stock) VALUES (@Id, @Name, @Price, @Stock)",
                new Item { Id = i, Name = "item " + i, Price = i * 0.5, Stock = i % 100 }, tx);
        tx.Commit();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Benchmark(Description = "point select by key")]
    public Item PointSelect()
    {
        long id = _next++ % Rows;
        return _connection.QuerySingle<Item>("SELECT id, name, price, stock FROM items WHERE id = @id", new { id });
    }

    [Benchmark(Description = "range select 100 rows")]
    public int RangeSelect()
    {
        long from = (_next += 100) % (Rows - 100);
        int count = 0;
        foreach (Item _ in _connection.Query<Item>("SELECT id, name, price, stock FROM items WHERE id >= @from AND id < @to ORDER BY id", new { from, to = from + 100 }))
            count++;
        return count;
    }

    [Benchmark(Description = "insert 10,000 rows in one transaction", OperationsPerInvoke = 10_000)]
    public void InsertTransaction()
    {
        using DbTransaction tx = _connection.BeginTransaction();
        var item = new Item { Name = "new", Price = 1.5, Stock = 3 };
        for (int i = 0; i < 10_000; i++)
        {
            item.Id = _insertBase++;
            _connection.Execute("INSERT INTO items (id, name, price, stock) VALUES (@Id, @Name, @Price, @Stock)", item, tx);
        }
        tx.Commit();
    }
}
