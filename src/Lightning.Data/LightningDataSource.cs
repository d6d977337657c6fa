using System.Data.Common;

namespace Lightning.Data;

/// <summary>The modern ADO.NET entry point: one per database, registered once (e.g. in DI), handing out connections.</summary>
public sealed class LightningDataSource : DbDataSource
{
    private readonly string _connectionString;

    /// <summary>Creates a data source for <paramref name="connectionString"/> (validated now).</summary>
    public LightningDataSource(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _ = new LightningConnectionStringBuilder(connectionString);
        _connectionString = connectionString;
    }

    /// <inheritdoc />
    public override string ConnectionString => _connectionString;

    /// <summary>Creates a closed connection.</summary>
    public new LightningConnection CreateConnection() => new(_connectionString);

    /// <summary>Creates and opens a connection.</summary>
    public new LightningConnection OpenConnection()
    {
        LightningConnection connection = CreateConnection();
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <summary>A batch on a connection of its own, closed when the batch is disposed.</summary>
    protected override DbBatch CreateDbBatch() => new LightningBatch(OpenConnection()) { OwnsConnection = true };

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => OpenConnection();

    /// <inheritdoc />
    protected override ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<DbConnection>(OpenConnection());
    }
}
