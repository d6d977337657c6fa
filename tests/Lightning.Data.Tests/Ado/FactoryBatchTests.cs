using System.Data;
using System.Data.Common;

namespace Lightning.Data.Tests.Ado;

public sealed class FactoryBatchTests
{
    [Fact]
    public void Factory_creates_provider_objects()
    {
        LightningFactory f = LightningFactory.Instance;
        Assert.IsType<LightningConnection>(f.CreateConnection());
        Assert.IsType<LightningCommand>(f.CreateCommand());
        Assert.IsType<LightningParameter>(f.CreateParameter());
        Assert.IsType<LightningConnectionStringBuilder>(f.CreateConnectionStringBuilder());
        Assert.IsType<LightningBatch>(f.CreateBatch());
        Assert.IsType<LightningBatchCommand>(f.CreateBatchCommand());
        Assert.IsType<LightningDataSource>(f.CreateDataSource("Data Source=:memory:"));
        Assert.True(f.CanCreateBatch);
        Assert.False(f.CanCreateDataSourceEnumerator);
        Assert.Same(f, DbProviderFactories.GetFactory(new LightningConnection()));
    }

    [Fact]
    public void Data_source_hands_out_connections()
    {
        using var source = new LightningDataSource("Data Source=:memory:");
        Assert.Equal("Data Source=:memory:", source.ConnectionString);
        using LightningConnection closed = source.CreateConnection();
        Assert.Equal(ConnectionState.Closed, closed.State);
        using LightningConnection open = source.OpenConnection();
        Assert.Equal(ConnectionState.Open, open.State);
        using DbCommand command = source.CreateCommand("SELECT 1");
        Assert.Equal(1L, command.ExecuteScalar());
        Assert.ThrowsAny<ArgumentException>(() => new LightningDataSource("Bogus=1"));
        Assert.Throws<ArgumentNullException>(() => new LightningDataSource(null!));
    }

    [Fact]
    public void Batch_command_collection()
    {
        var batch = new LightningBatch();
        var a = new LightningBatchCommand("SELECT 1");
        batch.BatchCommands.Add(a);
        batch.BatchCommands.Insert(0, new LightningBatchCommand("SELECT 2"));
        Assert.Equal(2, batch.BatchCommands.Count);
        Assert.Equal(1, batch.BatchCommands.IndexOf(a));
        Assert.True(batch.BatchCommands.Contains(a));
        Assert.True(batch.BatchCommands.Remove(a));
        batch.BatchCommands.RemoveAt(0);
        Assert.Empty(batch.BatchCommands);
        Assert.Equal(CommandType.Text, a.CommandType);
        Assert.Throws<ArgumentException>(() => a.CommandType = CommandType.StoredProcedure);
        Assert.Equal(-1, a.RecordsAffected);
        Assert.True(a.CanCreateParameter);
        Assert.IsType<LightningParameter>(a.CreateParameter());
    }

    [Fact]
    public void Batch_validates_before_running()
    {
        var batch = new LightningBatch { BatchCommands = { new LightningBatchCommand("SELECT 1") } };
        Assert.Throws<InvalidOperationException>(() => batch.ExecuteNonQuery());   // no connection
        using var connection = new LightningConnection("Data Source=:memory:");
        batch.Connection = connection;
        Assert.Throws<InvalidOperationException>(() => batch.ExecuteNonQuery());   // closed
        connection.Open();
        Assert.Throws<InvalidOperationException>(() => new LightningBatch(connection).ExecuteNonQuery()); // no commands
        using LightningTransaction tx = connection.BeginTransaction();
        Assert.Throws<InvalidOperationException>(() => batch.ExecuteNonQuery());   // transaction not set
        batch.Transaction = tx;
        Assert.Equal(-1, batch.ExecuteNonQuery());
    }

    [Fact]
    public async Task Batch_runs_commands_in_order_over_one_reader()
    {
        using var connection = new LightningConnection("Data Source=:memory:");
        connection.Open();
        using (LightningCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)";
            create.ExecuteNonQuery();
        }

        using var batch = new LightningBatch(connection);
        var insert = new LightningBatchCommand("INSERT INTO t VALUES (@id, @name), (@id + 1, @name)");
        insert.Parameters.AddWithValue("@id", 1);
        insert.Parameters.AddWithValue("@name", "a");
        var update = new LightningBatchCommand("UPDATE t SET name = @n WHERE id = 2");
        update.Parameters.AddWithValue("n", "b");
        var select = new LightningBatchCommand("SELECT name FROM t ORDER BY id; SELECT COUNT(*) FROM t");
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(update);
        batch.BatchCommands.Add(select);

        using (LightningDataReader reader = batch.ExecuteReader())
        {
            Assert.Equal(2, insert.RecordsAffected);
            Assert.Equal(1, update.RecordsAffected);
            Assert.True(reader.Read());
            Assert.Equal("a", reader.GetString(0));
            Assert.True(reader.Read());
            Assert.Equal("b", reader.GetString(0));
            Assert.True(reader.NextResult());
            Assert.True(reader.Read());
            Assert.Equal(2L, reader.GetInt64(0));
            Assert.False(reader.NextResult());
            Assert.Equal(3, reader.RecordsAffected);
        }
        Assert.Equal(-1, select.RecordsAffected);

        batch.BatchCommands.Clear();
        batch.BatchCommands.Add(new LightningBatchCommand("DELETE FROM t WHERE id = 1"));
        batch.BatchCommands.Add(new LightningBatchCommand("SELECT name FROM t"));
        Assert.Equal("b", await batch.ExecuteScalarAsync());
        Assert.Equal(1, batch.BatchCommands[0].RecordsAffected);

        batch.BatchCommands.Clear();
        batch.BatchCommands.Add(new LightningBatchCommand("DELETE FROM t"));
        Assert.Equal(1, await batch.ExecuteNonQueryAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.ExecuteNonQueryAsync(new CancellationToken(true)));
    }
}
