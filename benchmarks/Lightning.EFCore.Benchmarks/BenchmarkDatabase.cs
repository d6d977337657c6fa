using System.Data.Common;
using Lightning.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Benchmarks;

/// <summary>
/// One engine's database for a benchmark: a directory of its own, one connection opened up front with fsync off
/// (Lightning <c>Durability=None</c>; SQLite WAL journal and <c>synchronous=OFF</c>, which is per connection, hence
/// the one open connection every context shares), and context options over that connection.
/// </summary>
public sealed class BenchmarkDatabase : IDisposable
{
    private readonly string _directory;
    private readonly DbConnection _connection;
    private readonly DbContextOptions<ShopContext> _options;

    private BenchmarkDatabase(string engine)
    {
        _directory = Path.Combine(Path.GetTempPath(), "ldb-efbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var builder = new DbContextOptionsBuilder<ShopContext>();
        if (engine == Engines.Lightning)
        {
            _connection = new LightningConnection($"Data Source={Path.Combine(_directory, "db")};Durability=None");
            _connection.Open();
            builder.UseLightning(_connection);
        }
        else if (engine == Engines.Sqlite)
        {
            _connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "db.sqlite")}");
            _connection.Open();
            using DbCommand pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
            builder.UseSqlite(_connection);
        }
        else
        {
            throw new ArgumentException($"Unknown engine '{engine}'.", nameof(engine));
        }
        _options = builder.Options;
    }

    /// <summary>Creates the schema of <see cref="ShopContext"/> for <paramref name="engine"/> in a new directory.</summary>
    public static BenchmarkDatabase Create(string engine)
    {
        var database = new BenchmarkDatabase(engine);
        using ShopContext context = database.NewContext();
        context.Database.EnsureCreated();
        return database;
    }

    /// <summary>A new context over the shared open connection.</summary>
    public ShopContext NewContext() => new(_options);

    /// <summary>Closes the connection and deletes the directory.</summary>
    public void Dispose()
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
}
