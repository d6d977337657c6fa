using System.Data.Common;
using Lightning.Kv;

namespace Lightning.Data.Tests.TestSupport;

/// <summary>
/// A database in a fresh temporary directory, deleted (best effort) on dispose. Every Lightning.Data test that
/// needs a database creates its own, so tests are independent and can run in parallel.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private static int s_counter;

    /// <summary>Creates a new, empty database directory (the engine creates its files on first open).</summary>
    public TestDatabase(string? name = null, string? extraSettings = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "lightning-data-tests",
            $"{name ?? "db"}-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        ConnectionString = $"Data Source={Directory}" + (extraSettings is null ? "" : ";" + extraSettings);
    }

    /// <summary>The database directory.</summary>
    public string Directory { get; }

    /// <summary><c>Data Source=&lt;directory&gt;</c> plus any extra settings given to the constructor.</summary>
    public string ConnectionString { get; }

    /// <summary>A connection string for this directory with extra settings appended (e.g. <c>Mode=ReadOnly</c>).</summary>
    public string With(string settings) => $"{ConnectionString};{settings}";

    /// <summary>Opens a new connection to this database.</summary>
    public LightningConnection OpenConnection(string? extraSettings = null)
    {
        var connection = new LightningConnection(extraSettings is null ? ConnectionString : With(extraSettings));
        connection.Open();
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/> on a fresh connection (for setting up data).</summary>
    public int Execute(string sql)
    {
        using LightningConnection connection = OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Deletes the directory, ignoring errors (a file may still be mapped or locked).</summary>
    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Small helpers shared by the Lightning.Data tests.</summary>
public static class TestSql
{
    /// <summary>Runs one or more statements with ExecuteNonQuery.</summary>
    public static int Exec(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and returns the first column of the first row.</summary>
    public static object? Scalar(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    /// <summary>Asserts that <paramref name="action"/> throws a <see cref="LightningException"/> with <paramref name="code"/>.</summary>
    public static LightningException ThrowsLightning(LightningErrorCode code, Action action)
    {
        LightningException error = Assert.ThrowsAny<LightningException>(action);
        Assert.True(error.Code == code, $"expected {code}, got {error.Code}: {error.Message}");
        return error;
    }

    /// <summary>Asserts that <paramref name="action"/> throws a <see cref="LightningSqlException"/> with <paramref name="code"/>.</summary>
    public static LightningSqlException ThrowsSql(LightningErrorCode code, Action action)
    {
        LightningSqlException error = Assert.Throws<LightningSqlException>(action);
        Assert.True(error.Code == code, $"expected {code}, got {error.Code}: {error.Message}");
        return error;
    }
}
