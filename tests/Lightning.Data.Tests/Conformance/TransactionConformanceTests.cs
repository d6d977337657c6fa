using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The behaviours of TransactionTestBase, plus commit/rollback visibility.</summary>
public sealed class TransactionConformanceTests
{
    [Fact]
    public void BeginTransaction_throws_when_closed()
    {
        using var connection = new LightningConnection();
        Assert.Throws<InvalidOperationException>(() => connection.BeginTransaction());
    }

    [Fact]
    public void BeginTransaction_throws_when_parallel_transaction()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using (connection.BeginTransaction())
            Assert.Throws<InvalidOperationException>(() => connection.BeginTransaction());
    }

    [Fact]
    public void BeginTransaction_works()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        Assert.Same(connection, transaction.Connection);
        Assert.Equal(IsolationLevel.Serializable, transaction.IsolationLevel);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Completing_clears_Connection_and_second_completion_throws(bool commit)
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        Assert.Same(connection, transaction.Connection);
        if (commit) transaction.Commit(); else transaction.Rollback();
        Assert.Null(transaction.Connection);
        Assert.Throws<InvalidOperationException>(() => transaction.Commit());
        Assert.Throws<InvalidOperationException>(() => transaction.Rollback());
    }

    [Fact]
    public void Commit_and_Rollback_throw_after_Dispose()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        DbTransaction first = connection.BeginTransaction();
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Commit());
        DbTransaction second = connection.BeginTransaction();
        second.Dispose();
        Assert.Throws<ObjectDisposedException>(() => second.Rollback());
    }

    [Fact]
    public void Commit_makes_writes_visible_to_other_connections()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbConnection other = db.OpenConnection();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using (DbTransaction transaction = connection.BeginTransaction())
        {
            connection.Exec("INSERT INTO t VALUES (1), (2)", transaction);
            Assert.Equal(2L, connection.Scalar("SELECT COUNT(*) FROM t", transaction));
            Assert.Equal(0L, other.Scalar("SELECT COUNT(*) FROM t"));
            transaction.Commit();
        }
        Assert.Equal(2L, other.Scalar("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Rollback_and_Dispose_without_commit_discard_writes()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using (DbTransaction transaction = connection.BeginTransaction())
        {
            connection.Exec("INSERT INTO t VALUES (1)", transaction);
            transaction.Rollback();
        }
        using (DbTransaction transaction = connection.BeginTransaction())
            connection.Exec("INSERT INTO t VALUES (2)", transaction);
        Assert.Equal(0L, connection.Scalar("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Closing_the_connection_rolls_back()
    {
        using var db = new TestDatabase();
        using (DbConnection connection = db.OpenConnection())
        {
            connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            DbTransaction transaction = connection.BeginTransaction();
            connection.Exec("INSERT INTO t VALUES (1)", transaction);
        }
        using DbConnection again = db.OpenConnection();
        Assert.Equal(0L, again.Scalar("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Chaos_isolation_is_rejected()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        Assert.ThrowsAny<ArgumentException>(() => connection.BeginTransaction(IsolationLevel.Chaos));
    }

    [Fact]
    public async Task BeginTransactionAsync_honours_cancellation()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        ValueTask<DbTransaction> task = connection.BeginTransactionAsync(new CancellationToken(true));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await task);
    }
}
