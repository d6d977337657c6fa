using System.Data;
using System.Data.Common;
using System.Reflection;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The behaviours of AdoNet.Specification.Tests' ConnectionTestBase, against Lightning.Data.</summary>
public sealed class ConnectionConformanceTests
{
    private static DbConnection NewConnection() => LightningFactory.Instance.CreateConnection()!;

    private static DbConnection OpenConnection(TestDatabase db)
    {
        DbConnection connection = NewConnection();
        connection.ConnectionString = db.ConnectionString;
        connection.Open();
        return connection;
    }

    [Fact]
    public void ConnectionString_is_empty_string_by_default()
    {
        using DbConnection connection = NewConnection();
        Assert.Equal("", connection.ConnectionString);
    }

    [Fact]
    public void ConnectionString_is_coerced_to_empty_string()
    {
        using DbConnection connection = NewConnection();
        connection.ConnectionString = null;
        Assert.Equal("", connection.ConnectionString);
    }

    [Fact]
    public void ConnectionString_can_be_set_to_empty_string()
    {
        using DbConnection connection = NewConnection();
        connection.ConnectionString = "";
        Assert.Equal("", connection.ConnectionString);
    }

    [Fact]
    public void ConnectionString_setter_throws_when_open()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        Assert.Throws<InvalidOperationException>(() => connection.ConnectionString = db.ConnectionString + ";");
    }

    [Fact]
    public void ConnectionString_gets_and_sets_value()
    {
        using var db = new TestDatabase();
        using DbConnection connection = NewConnection();
        connection.ConnectionString = db.ConnectionString;
        Assert.Equal(db.ConnectionString, connection.ConnectionString);
    }

    [Fact]
    public void Database_returns_value()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        Assert.NotNull(connection.Database);
    }

    [Fact]
    public void Database_returns_empty_when_closed()
    {
        using DbConnection connection = NewConnection();
        Assert.Equal(string.Empty, connection.Database);
    }

    [Fact]
    public void DataSource_returns_value()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        Assert.NotNull(connection.DataSource);
        Assert.Equal(db.Directory, connection.DataSource);
    }

    [Fact]
    public void DataSource_returns_empty_when_closed()
    {
        using DbConnection connection = NewConnection();
        Assert.Equal(string.Empty, connection.DataSource);
    }

    [Fact]
    public void ServerVersion_returns_value()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        Assert.False(string.IsNullOrEmpty(connection.ServerVersion));
    }

    [Fact]
    public void ServerVersion_throws_when_closed()
    {
        using DbConnection connection = NewConnection();
        Assert.Throws<InvalidOperationException>(() => connection.ServerVersion);
    }

    [Fact]
    public void State_closed_by_default()
    {
        using DbConnection connection = NewConnection();
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public void Open_throws_when_no_connection_string()
    {
        using DbConnection connection = NewConnection();
        Assert.Throws<InvalidOperationException>(() => connection.Open());
    }

    [Fact]
    public void Set_ConnectionString_throws_when_invalid()
    {
        using DbConnection connection = NewConnection();
        Assert.ThrowsAny<ArgumentException>(() => connection.ConnectionString = "xyzzy=Invalid");
    }

    [Fact]
    public void Open_works_and_raises_StateChange()
    {
        using var db = new TestDatabase();
        using DbConnection connection = NewConnection();
        var events = new List<(ConnectionState From, ConnectionState To)>();
        connection.StateChange += (sender, e) =>
        {
            Assert.Same(connection, sender);
            events.Add((e.OriginalState, e.CurrentState));
        };
        connection.ConnectionString = db.ConnectionString;
        connection.Open();
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.NotEmpty(events);
        Assert.Equal(ConnectionState.Closed, events[0].From);
        Assert.Equal(ConnectionState.Open, events[^1].To);
    }

    [Fact]
    public void Open_cannot_be_called_twice()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        Assert.Throws<InvalidOperationException>(() => connection.Open());
    }

    [Fact]
    public async Task OpenAsync_is_canceled()
    {
        using var db = new TestDatabase();
        using DbConnection connection = NewConnection();
        connection.ConnectionString = db.ConnectionString;
        Task task = connection.OpenAsync(new CancellationToken(canceled: true));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public void Close_works_and_raises_StateChange()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        bool raised = false;
        connection.StateChange += (sender, e) =>
        {
            raised = true;
            Assert.Same(connection, sender);
            Assert.Equal(ConnectionState.Open, e.OriginalState);
            Assert.Equal(ConnectionState.Closed, e.CurrentState);
        };
        connection.Close();
        Assert.True(raised);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public void Close_can_be_called_before_open()
    {
        using DbConnection connection = NewConnection();
        connection.Close();
    }

    [Fact]
    public void Close_can_be_called_more_than_once()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        connection.Close();
        connection.Close();
    }

    [Fact]
    public void Dispose_closes_connection()
    {
        using var db = new TestDatabase();
        DbConnection connection = OpenConnection(db);
        connection.Dispose();
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public void Dispose_can_be_called_more_than_once()
    {
        using var db = new TestDatabase();
        DbConnection connection = OpenConnection(db);
        connection.Dispose();
        connection.Dispose();
    }

    [Fact]
    public void Dispose_raises_Disposed()
    {
        using var db = new TestDatabase();
        DbConnection connection = OpenConnection(db);
        int disposed = 0;
        connection.Disposed += (_, _) => disposed++;
        connection.Dispose();
        Assert.Equal(1, disposed);
    }

    [Fact]
    public async Task DisposeAsync_raises_Disposed()
    {
        using var db = new TestDatabase();
        DbConnection connection = OpenConnection(db);
        int disposed = 0;
        connection.Disposed += (_, _) => disposed++;
        await connection.DisposeAsync();
        Assert.Equal(1, disposed);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public void CreateCommand_returns_command()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        using DbCommand command = connection.CreateCommand();
        Assert.NotNull(command);
        Assert.Same(connection, command.Connection);
    }

    [Fact]
    public void CreateCommand_does_not_set_Transaction_property()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        using DbTransaction transaction = connection.BeginTransaction();
        using DbCommand command = connection.CreateCommand();
        Assert.Null(command.Transaction);
    }

    [Fact]
    public void DbProviderFactory_has_correct_value()
    {
        using DbConnection connection = NewConnection();
        PropertyInfo property = connection.GetType().GetProperty("DbProviderFactory", BindingFlags.Instance | BindingFlags.NonPublic)!;
        Assert.Same(LightningFactory.Instance, property.GetValue(connection));
    }

    [Fact]
    public void GetSchema_returns_MetaDataCollections()
    {
        using var db = new TestDatabase();
        using DbConnection connection = OpenConnection(db);
        foreach (DataTable table in new[] { connection.GetSchema(), connection.GetSchema("MetaDataCollections") })
        {
            Assert.Equal("MetaDataCollections", table.TableName);
            Assert.Collection(table.Columns.Cast<DataColumn>(),
                c => { Assert.Equal("CollectionName", c.ColumnName); Assert.Same(typeof(string), c.DataType); },
                c => { Assert.Equal("NumberOfRestrictions", c.ColumnName); Assert.Same(typeof(int), c.DataType); },
                c => { Assert.Equal("NumberOfIdentifierParts", c.ColumnName); Assert.Same(typeof(int), c.DataType); });
            var names = table.Rows.Cast<DataRow>().Select(r => (string)r["CollectionName"]).ToList();
            Assert.Contains("Tables", names);
            Assert.Contains("Columns", names);
            Assert.Contains("Indexes", names);
        }
    }

    [Fact]
    public void Memory_database_is_private_to_its_connection()
    {
        using var first = new LightningConnection("Data Source=:memory:");
        using var second = new LightningConnection("Data Source=:memory:");
        first.Open();
        second.Open();
        first.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        Assert.Throws<LightningSqlException>(() => second.Scalar("SELECT COUNT(*) FROM t"));
        first.Close();
        first.Open();
        Assert.Throws<LightningSqlException>(() => first.Scalar("SELECT COUNT(*) FROM t"));
    }
}
