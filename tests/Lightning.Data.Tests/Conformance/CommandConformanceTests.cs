using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The behaviours of AdoNet.Specification.Tests' CommandTestBase, in KV-SQL.</summary>
public sealed class CommandConformanceTests
{
    private static DbCommand NewCommand() => LightningFactory.Instance.CreateCommand()!;

    private static CancellationToken Canceled => new(canceled: true);

    [Fact]
    public void Cancel_is_a_no_op_when_new_executed_twice_disposed()
    {
        using (DbCommand fresh = NewCommand()) fresh.Cancel();
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        command.ExecuteNonQuery();
        command.Cancel();
        command.Cancel();
        command.Dispose();
        command.Cancel();
        using DbCommand other = connection.CreateCommand();
        connection.Dispose();
        other.Cancel();
    }

    [Fact]
    public void CommandText_throws_when_set_when_open_reader()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        using DbDataReader reader = command.ExecuteReader();
        Assert.Throws<InvalidOperationException>(() => command.CommandText = "SELECT 2;");
    }

    [Fact]
    public void Connection_can_be_unset_but_not_while_reader_open()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        Assert.NotNull(command.Connection);
        command.Connection = null;
        Assert.Null(command.Connection);
        command.Connection = connection;
        command.CommandText = "SELECT 1;";
        using DbDataReader reader = command.ExecuteReader();
        Assert.Throws<InvalidOperationException>(() => command.Connection = new LightningConnection());
        Assert.Throws<InvalidOperationException>(() => command.Connection = null);
    }

    [Fact]
    public void Defaults_and_disposed_state()
    {
        DbCommand command = NewCommand();
        Assert.Equal("", command.CommandText);
        Assert.Equal(CommandType.Text, command.CommandType);
        Assert.NotNull(command.Parameters);
        Assert.Same(command.Parameters, command.Parameters);
        Assert.NotNull(command.CreateParameter());
        command.CommandText = null;
        Assert.Equal("", command.CommandText);
        command.CommandText = "";
        Assert.Equal("", command.CommandText);
        command.Dispose();
        Assert.Equal("", command.CommandText);
        Assert.Equal(CommandType.Text, command.CommandType);
        Assert.NotNull(command.Parameters);
    }

    public static TheoryData<string> Executions => new() { "Reader", "Scalar", "NonQuery", "Prepare" };

    private static void Run(DbCommand command, string how)
    {
        switch (how)
        {
            case "Reader": using (command.ExecuteReader()) { } break;
            case "Scalar": command.ExecuteScalar(); break;
            case "NonQuery": command.ExecuteNonQuery(); break;
            default: command.Prepare(); break;
        }
    }

    [Theory, MemberData(nameof(Executions))]
    public void Execute_throws_when_no_connection(string how)
    {
        using DbCommand command = NewCommand();
        command.CommandText = "SELECT 1;";
        Assert.Throws<InvalidOperationException>(() => Run(command, how));
    }

    [Theory, MemberData(nameof(Executions))]
    public void Execute_throws_when_connection_closed(string how)
    {
        using var connection = new LightningConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        Assert.Throws<InvalidOperationException>(() => Run(command, how));
    }

    [Theory, MemberData(nameof(Executions))]
    public void Execute_throws_when_no_command_text(string how)
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        Assert.Throws<InvalidOperationException>(() => Run(command, how));
    }

    [Fact]
    public async Task Async_executions_throw_InvalidOperation_without_connection_or_text()
    {
        using (DbCommand command = NewCommand())
        {
            command.CommandText = "SELECT 1;";
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteReaderAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteScalarAsync());
        }
        using var closed = new LightningConnection();
        using (DbCommand command = closed.CreateCommand())
        {
            command.CommandText = "SELECT 1;";
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteReaderAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteScalarAsync());
        }
        using var db = new TestDatabase();
        using DbConnection open = db.OpenConnection();
        using (DbCommand command = open.CreateCommand())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteReaderAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Execute_throws_DbException_on_error()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "INVALID;";
        Assert.ThrowsAny<DbException>(() => command.ExecuteReader());
        await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteReaderAsync());
        await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Async_executions_are_canceled()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        Task[] tasks = [command.ExecuteReaderAsync(Canceled), command.ExecuteNonQueryAsync(Canceled), command.ExecuteScalarAsync(Canceled)];
        foreach (Task task in tasks)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
            Assert.True(task.IsCanceled);
        }
    }

    [Fact]
    public void ExecuteReader_throws_when_transaction_required()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        using DbTransaction transaction = connection.BeginTransaction();
        Assert.Throws<InvalidOperationException>(() => { using (command.ExecuteReader()) { } });
    }

    [Fact]
    public void ExecuteReader_throws_when_transaction_mismatched()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbConnection other = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        using DbTransaction otherTransaction = other.BeginTransaction();
        command.Transaction = otherTransaction;
        Assert.Throws<InvalidOperationException>(() => { using (command.ExecuteReader()) { } });
    }

    [Fact]
    public void ExecuteReader_throws_when_reader_open()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        using DbDataReader reader = command.ExecuteReader();
        Assert.ThrowsAny<InvalidOperationException>(() => command.ExecuteReader());
    }

    [Fact]
    public void ExecuteReader_binds_parameters()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT @Parameter;";
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = "@Parameter";
        parameter.Value = 1;
        command.Parameters.Add(parameter);
        object? scalar = command.ExecuteScalar();
        Assert.True(scalar is 1 or 1L, $"got {scalar} ({scalar?.GetType()})");
    }

    [Fact]
    public void ExecuteReader_HasRows_is_false_for_comment()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "-- a command that is only a comment";
        using DbDataReader reader = command.ExecuteReader();
        Assert.False(reader.HasRows);
    }

    [Fact]
    public void ExecuteReader_works_when_trailing_comments()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 0; -- My favorite number";
        using DbDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(0, reader.GetInt32(0));
        Assert.False(reader.NextResult());
    }

    [Fact]
    public void ExecuteReader_supports_CloseConnection()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 0;";
        using (command.ExecuteReader(CommandBehavior.CloseConnection)) { }
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Theory]
    [InlineData("SELECT 1;", 1L)]
    [InlineData("SELECT 3.14;", 3.14)]
    [InlineData("SELECT 'test';", "test")]
    public void ExecuteScalar_returns_value(string sql, object expected)
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        Assert.Equal(expected, connection.Scalar(sql));
    }

    [Fact]
    public void ExecuteScalar_returns_DBNull_when_null()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        Assert.Equal(DBNull.Value, connection.Scalar("SELECT NULL;"));
    }

    [Fact]
    public void ExecuteScalar_returns_first_value()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        Assert.Equal(42, Convert.ToInt32(connection.Scalar("SELECT 42; SELECT 43;")));
        Assert.Equal(42, Convert.ToInt32(connection.Scalar("SELECT 42, 43;")));
        // The suite writes "SELECT 42 UNION SELECT 43"; KV-SQL has no UNION, so the rows come from a table.
        connection.Exec("CREATE TABLE n (v INTEGER PRIMARY KEY); INSERT INTO n VALUES (42), (43);");
        Assert.Equal(42, Convert.ToInt32(connection.Scalar("SELECT v FROM n ORDER BY v;")));
    }

    [Fact]
    public void ExecuteNonQuery_returns_negative_one_for_SELECT()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        Assert.Equal(-1, connection.Exec("SELECT 1;"));
    }

    [Fact]
    public void Execute_throws_for_unknown_ParameterValue_type()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT @Parameter;";
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = "@Parameter";
        parameter.Value = new CustomClass();
        command.Parameters.Add(parameter);
        Exception? error = Record.Exception(() => command.ExecuteScalar());
        Assert.True(error is NotSupportedException or InvalidOperationException, $"got {error?.GetType()}");
    }

    private sealed class CustomClass
    {
        public override string ToString() => "custom";
    }
}
