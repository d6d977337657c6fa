using System.Data.Common;
using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Engine;

/// <summary>
/// Key ceilings: inside a transaction, an INSERT whose INTEGER PRIMARY KEY is above every key the transaction can see
/// skips the uniqueness read. Every way a row could exist at or above the ceiling without raising it must still be caught.
/// </summary>
public sealed class KeyCeilingTests
{
    private static LightningConnection Seeded(TestDatabase db, int rows, string keyOrder = "")
    {
        LightningConnection c = db.OpenConnection();
        c.Execute($"CREATE TABLE t (id INTEGER, name TEXT, PRIMARY KEY (id {keyOrder}))");
        c.Execute("INSERT INTO t (id, name) VALUES (@id, @name)", Enumerable.Range(1, rows).Select(i => new { id = i, name = "seed" }));
        return c;
    }

    private static void Insert(LightningConnection c, DbTransaction tx, long id, string name = "new") =>
        c.Execute("INSERT INTO t (id, name) VALUES (@id, @name)", new { id, name }, tx);

    private static void AssertUniqueViolation(Action insert)
    {
        LightningSqlException error = Assert.Throws<LightningSqlException>(insert);
        Assert.Contains("UNIQUE constraint failed", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("DESC")]
    public void Ascending_inserts_in_a_transaction_stop_reading_once_the_ceiling_is_known(string keyOrder)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10, keyOrder);
        long readsBefore = c.Session.Store.GetMetrics().Gets.Count;
        using (DbTransaction tx = c.BeginTransaction())
        {
            for (int id = 11; id <= 110; id++) Insert(c, tx, id);
            tx.Commit();
        }
        long reads = c.Session.Store.GetMetrics().Gets.Count - readsBefore;
        // A few probes before the ceiling is set (then one seek); without it, every one of the 100 rows reads.
        Assert.True(reads < 20, $"{reads} point reads for 100 inserts");
        Assert.Equal(110L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        Assert.Equal("new", c.QuerySingle<string>("SELECT name FROM t WHERE id = 110"));
    }

    [Fact]
    public void Autocommit_inserts_still_read_every_key()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10);
        long readsBefore = c.Session.Store.GetMetrics().Gets.Count;
        for (int id = 11; id <= 40; id++) c.Execute("INSERT INTO t (id, name) VALUES (@id, 'x')", new { id });
        Assert.True(c.Session.Store.GetMetrics().Gets.Count - readsBefore >= 30);
    }

    [Fact]
    public void Keys_below_the_ceiling_are_still_checked_against_stored_and_own_rows()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10);
        using DbTransaction tx = c.BeginTransaction();
        for (int id = 11; id <= 60; id++) Insert(c, tx, id);
        // (A failed statement forgets the ceiling, so the first check is the one made against a known ceiling.)
        AssertUniqueViolation(() => Insert(c, tx, 42));  // written by this transaction after the ceiling was set
        AssertUniqueViolation(() => Insert(c, tx, 60));  // the ceiling itself
        AssertUniqueViolation(() => Insert(c, tx, 5));   // stored before the transaction
        Insert(c, tx, 61);
        tx.Commit();
        Assert.Equal(61L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        Assert.Equal("seed", c.QuerySingle<string>("SELECT name FROM t WHERE id = 5"));
    }

    [Fact]
    public void A_row_brought_back_by_rollback_to_a_savepoint_is_not_overwritten()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 20);
        using DbTransaction tx = c.BeginTransaction();
        c.Execute("SAVEPOINT a", transaction: tx);
        c.Execute("DELETE FROM t WHERE id = 20", transaction: tx);
        // Enough probes for a ceiling while row 20 is deleted: the seek finds 19.
        for (int id = -30; id < -10; id++) Insert(c, tx, id);
        c.Execute("ROLLBACK TO a", transaction: tx);
        AssertUniqueViolation(() => Insert(c, tx, 20));
        tx.Commit();
        Assert.Equal("seed", c.QuerySingle<string>("SELECT name FROM t WHERE id = 20"));
        Assert.Equal(20L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void An_update_that_moves_a_key_above_the_ceiling_raises_it()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10);
        using DbTransaction tx = c.BeginTransaction();
        for (int id = 11; id <= 30; id++) Insert(c, tx, id);
        c.Execute("UPDATE t SET id = 1000 WHERE id = 5", transaction: tx);
        AssertUniqueViolation(() => Insert(c, tx, 1000));
        Insert(c, tx, 1001);
        tx.Commit();
        Assert.Equal("seed", c.QuerySingle<string>("SELECT name FROM t WHERE id = 1000"));
    }

    [Fact]
    public void A_failed_statement_leaves_no_row_and_later_inserts_stay_exact()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10);
        using DbTransaction tx = c.BeginTransaction();
        for (int id = 11; id <= 30; id++) Insert(c, tx, id);
        // The first row is buffered, the second collides: the statement leaves nothing behind.
        AssertUniqueViolation(() => c.Execute("INSERT INTO t (id, name) VALUES (500, 'a'), (3, 'b')", transaction: tx));
        Insert(c, tx, 500, "kept");
        AssertUniqueViolation(() => Insert(c, tx, 500));
        tx.Commit();
        Assert.Equal("kept", c.QuerySingle<string>("SELECT name FROM t WHERE id = 500"));
    }

    [Fact]
    public void A_long_statement_above_the_ceiling_still_finds_its_own_duplicates()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10);
        using DbTransaction tx = c.BeginTransaction();
        for (int id = 11; id <= 30; id++) Insert(c, tx, id);
        string Rows(bool duplicate) => string.Join(", ", Enumerable.Range(31, 50).Select(i => $"({i}, 'bulk')")) + (duplicate ? ", (45, 'again')" : "");
        AssertUniqueViolation(() => c.Execute("INSERT INTO t (id, name) VALUES " + Rows(duplicate: true), transaction: tx));
        Assert.Equal(30L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t", transaction: tx));
        Assert.Equal(50, c.Execute("INSERT INTO t (id, name) VALUES " + Rows(duplicate: false), transaction: tx));
        AssertUniqueViolation(() => Insert(c, tx, 80));
        tx.Commit();
        Assert.Equal(80L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Generated_ids_and_explicit_ids_mix_without_collisions()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10);
        using DbTransaction tx = c.BeginTransaction();
        for (int i = 0; i < 20; i++) c.Execute("INSERT INTO t (name) VALUES ('auto')", transaction: tx);
        Insert(c, tx, 100);
        c.Execute("INSERT INTO t (name) VALUES ('after')", transaction: tx);
        AssertUniqueViolation(() => Insert(c, tx, 15));
        tx.Commit();
        Assert.Equal(32L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        Assert.Equal("after", c.QuerySingle<string>("SELECT name FROM t WHERE id = 101"));
    }

    [Fact]
    public void A_key_another_transaction_committed_meanwhile_fails_the_commit_and_survives()
    {
        using var db = new TestDatabase("shared");
        using LightningConnection c = Seeded(db, 10);
        using LightningConnection other = db.OpenConnection();
        using DbTransaction tx = c.BeginTransaction();
        for (int id = 11; id <= 30; id++) Insert(c, tx, id);
        other.Execute("INSERT INTO t (id, name) VALUES (31, 'other')");
        Insert(c, tx, 31); // invisible to this snapshot either way
        LightningException error = Assert.ThrowsAny<LightningException>(() => tx.Commit());
        Assert.Equal(LightningErrorCode.Conflict, error.Code);
        Assert.Equal("other", other.QuerySingle<string>("SELECT name FROM t WHERE id = 31"));
        Assert.Equal(11L, other.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Ddl_in_the_transaction_forgets_the_ceiling()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, 10);
        using DbTransaction tx = c.BeginTransaction();
        for (int id = 11; id <= 30; id++) Insert(c, tx, id);
        c.Execute("DROP TABLE t; CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)", transaction: tx);
        Insert(c, tx, 1);
        AssertUniqueViolation(() => Insert(c, tx, 1));
        tx.Commit();
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }
}
