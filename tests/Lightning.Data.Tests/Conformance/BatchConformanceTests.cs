using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>DbBatch behaviour (System.Data.Common's batching API).</summary>
public sealed class BatchConformanceTests
{
    private static DbBatch NewBatch(DbConnection connection, params string[] statements)
    {
        DbBatch batch = connection.CreateBatch();
        foreach (string sql in statements)
        {
            DbBatchCommand command = batch.CreateBatchCommand();
            command.CommandText = sql;
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    [Fact]
    public void Connection_can_create_batch()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        Assert.True(connection.CanCreateBatch);
        using DbBatch batch = connection.CreateBatch();
        Assert.Same(connection, batch.Connection);
        Assert.Empty(batch.BatchCommands);
    }

    [Fact]
    public void ExecuteNonQuery_returns_total_and_sets_RecordsAffected_per_command()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        using DbBatch batch = NewBatch(connection,
            "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
            "UPDATE t SET v = 'x' WHERE id >= 2",
            "DELETE FROM t WHERE id = 1");
        Assert.Equal(6, batch.ExecuteNonQuery());
        Assert.Equal(3, batch.BatchCommands[0].RecordsAffected);
        Assert.Equal(2, batch.BatchCommands[1].RecordsAffected);
        Assert.Equal(1, batch.BatchCommands[2].RecordsAffected);
    }

    [Fact]
    public void ExecuteReader_returns_one_result_per_command()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbBatch batch = NewBatch(connection, "SELECT 1", "SELECT 'two'");
        using DbDataReader reader = batch.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.True(reader.NextResult());
        Assert.True(reader.Read());
        Assert.Equal("two", reader.GetString(0));
        Assert.False(reader.NextResult());
    }

    [Fact]
    public void ExecuteScalar_returns_first_value()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbBatch batch = NewBatch(connection, "SELECT 42", "SELECT 43");
        Assert.Equal(42L, batch.ExecuteScalar());
    }

    [Fact]
    public void Parameters_bind_per_command()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        using DbBatch batch = NewBatch(connection, "INSERT INTO t VALUES (@id, @v)", "INSERT INTO t VALUES (@id, @v)");
        for (int i = 0; i < 2; i++)
        {
            DbBatchCommand command = batch.BatchCommands[i];
            DbParameter id = command.CreateParameter();
            id.ParameterName = "@id";
            id.Value = i + 10;
            DbParameter v = command.CreateParameter();
            v.ParameterName = "@v";
            v.Value = $"value {i}";
            command.Parameters.Add(id);
            command.Parameters.Add(v);
        }
        Assert.Equal(2, batch.ExecuteNonQuery());
        Assert.Equal("value 1", connection.Scalar("SELECT v FROM t WHERE id = 11"));
    }

    [Fact]
    public void Failing_command_throws_and_earlier_commands_are_not_rolled_back_outside_a_transaction()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using DbBatch batch = NewBatch(connection, "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)");
        Assert.ThrowsAny<DbException>(() => batch.ExecuteNonQuery());
        Assert.Equal(1L, connection.Scalar("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Batch_runs_in_the_given_transaction()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using (DbTransaction transaction = connection.BeginTransaction())
        {
            using DbBatch batch = NewBatch(connection, "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)");
            batch.Transaction = transaction;
            batch.ExecuteNonQuery();
            transaction.Rollback();
        }
        Assert.Equal(0L, connection.Scalar("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Misuse_throws_InvalidOperation()
    {
        using var closed = new LightningConnection();
        using DbBatch noConnection = LightningFactory.Instance.CreateBatch();
        DbBatchCommand c = noConnection.CreateBatchCommand();
        c.CommandText = "SELECT 1";
        noConnection.BatchCommands.Add(c);
        Assert.Throws<InvalidOperationException>(() => noConnection.ExecuteNonQuery());
        noConnection.Connection = closed;
        Assert.Throws<InvalidOperationException>(() => noConnection.ExecuteNonQuery());
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbBatch empty = connection.CreateBatch();
        Assert.Throws<InvalidOperationException>(() => empty.ExecuteNonQuery());
    }

    [Fact]
    public async Task Async_execution_honours_cancellation()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbBatch batch = NewBatch(connection, "SELECT 1");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.ExecuteNonQueryAsync(new CancellationToken(true)));
        Assert.Equal(1L, await batch.ExecuteScalarAsync());
        Assert.Equal(CommandBehavior.Default, CommandBehavior.Default);
    }
}
