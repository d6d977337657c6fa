using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>DbDataSource behaviour (System.Data.Common's contract, as Npgsql's and Microsoft.Data.Sqlite's data sources follow it).</summary>
public sealed class DataSourceConformanceTests
{
    [Fact]
    public void Factory_creates_a_data_source_with_the_connection_string()
    {
        using var db = new TestDatabase();
        using DbDataSource source = LightningFactory.Instance.CreateDataSource(db.ConnectionString);
        Assert.Equal(db.ConnectionString, source.ConnectionString);
    }

    [Fact]
    public void CreateConnection_is_closed_and_OpenConnection_is_open()
    {
        using var db = new TestDatabase();
        using DbDataSource source = LightningFactory.Instance.CreateDataSource(db.ConnectionString);
        using DbConnection closed = source.CreateConnection();
        Assert.IsType<LightningConnection>(closed);
        Assert.Equal(ConnectionState.Closed, closed.State);
        Assert.Equal(db.ConnectionString, closed.ConnectionString);
        using DbConnection open = source.OpenConnection();
        Assert.Equal(ConnectionState.Open, open.State);
    }

    [Fact]
    public async Task OpenConnectionAsync_works_and_honours_cancellation()
    {
        using var db = new TestDatabase();
        await using DbDataSource source = LightningFactory.Instance.CreateDataSource(db.ConnectionString);
        await using DbConnection open = await source.OpenConnectionAsync();
        Assert.Equal(ConnectionState.Open, open.State);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await source.OpenConnectionAsync(new CancellationToken(true)));
    }

    [Fact]
    public void CreateCommand_runs_on_its_own_connection()
    {
        using var db = new TestDatabase();
        using DbDataSource source = LightningFactory.Instance.CreateDataSource(db.ConnectionString);
        using (DbCommand create = source.CreateCommand("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2);"))
            Assert.Equal(2, create.ExecuteNonQuery());
        using DbCommand count = source.CreateCommand("SELECT COUNT(*) FROM t");
        Assert.Equal(2L, count.ExecuteScalar());
    }

    [Fact]
    public void CreateBatch_runs_on_its_own_connection()
    {
        using var db = new TestDatabase();
        using DbDataSource source = LightningFactory.Instance.CreateDataSource(db.ConnectionString);
        using DbBatch batch = source.CreateBatch();
        foreach (string sql in new[] { "CREATE TABLE t (id INTEGER PRIMARY KEY)", "INSERT INTO t VALUES (1)" })
        {
            DbBatchCommand command = batch.CreateBatchCommand();
            command.CommandText = sql;
            batch.BatchCommands.Add(command);
        }
        batch.ExecuteNonQuery();
        using DbCommand count = source.CreateCommand("SELECT COUNT(*) FROM t");
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public void Connections_from_one_source_share_the_database()
    {
        using var db = new TestDatabase();
        using DbDataSource source = LightningFactory.Instance.CreateDataSource(db.ConnectionString);
        using DbConnection a = source.OpenConnection();
        using DbConnection b = source.OpenConnection();
        a.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");
        Assert.Equal(1L, b.Scalar("SELECT COUNT(*) FROM t"));
    }
}
