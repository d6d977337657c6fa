using System.Data.Common;
using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Sql;

/// <summary>SAVEPOINT / RELEASE / ROLLBACK TO (SQLite semantics) and the DbTransaction savepoint API.</summary>
public sealed class SavepointTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE UNIQUE INDEX t_v ON t (v)");
        return c;
    }

    private static long[] Ids(LightningConnection c, DbTransaction? tx = null) => c.Query<long>("SELECT id FROM t ORDER BY id", transaction: tx).ToArray();

    [Fact]
    public void Rollback_to_undoes_only_what_came_after_the_savepoint()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("BEGIN; INSERT INTO t VALUES (1, 'a'); SAVEPOINT s1; INSERT INTO t VALUES (2, 'b'); SAVEPOINT s2; INSERT INTO t VALUES (3, 'c')");
        Assert.Equal([1L, 2L, 3L], Ids(c));
        c.Execute("ROLLBACK TO s2");
        Assert.Equal([1L, 2L], Ids(c));
        c.Execute("INSERT INTO t VALUES (4, 'c')"); // the unique value rolled back is free again
        c.Execute("ROLLBACK TRANSACTION TO SAVEPOINT s1");
        Assert.Equal([1L], Ids(c));
        c.Execute("ROLLBACK TO s1"); // the savepoint survives a rollback to it
        c.Execute("RELEASE s1; COMMIT");
        Assert.Equal([1L], Ids(c));
        Assert.Equal(["ok"], c.Query<string>("PRAGMA integrity_check").ToArray());
    }

    [Fact]
    public void Release_keeps_changes_and_forgets_later_savepoints()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("BEGIN; SAVEPOINT a; INSERT INTO t VALUES (1, 'x'); SAVEPOINT b; INSERT INTO t VALUES (2, 'y'); RELEASE a");
        var error = Assert.Throws<LightningSqlException>(() => c.Execute("ROLLBACK TO b"));
        Assert.Contains("No such savepoint", error.Message);
        c.Execute("COMMIT");
        Assert.Equal([1L, 2L], Ids(c));
    }

    [Fact]
    public void A_savepoint_outside_a_transaction_starts_one_that_releasing_it_commits()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        using LightningConnection other = db.OpenConnection();
        c.Execute("SAVEPOINT outer_sp; INSERT INTO t VALUES (1, 'x')");
        Assert.Empty(Ids(other));
        c.Execute("RELEASE SAVEPOINT outer_sp");
        Assert.Equal([1L], Ids(other));
        c.Execute("SAVEPOINT again; INSERT INTO t VALUES (2, 'y'); ROLLBACK");
        Assert.Equal([1L], Ids(other));
    }

    [Fact]
    public void Schema_changes_and_generated_ids_roll_back_to_the_savepoint()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
        c.Execute("BEGIN; INSERT INTO seq (v) VALUES ('a'); SAVEPOINT s; CREATE TABLE extra (id INTEGER PRIMARY KEY); INSERT INTO seq (v) VALUES ('b'); ROLLBACK TO s");
        Assert.Throws<LightningSqlException>(() => c.Execute("SELECT * FROM extra"));
        c.Execute("INSERT INTO seq (v) VALUES ('c'); COMMIT");
        Assert.Equal(["1:a", "2:c"], c.Query<string>("SELECT id || ':' || v FROM seq ORDER BY id").ToArray());
    }

    [Fact]
    public void DbTransaction_savepoint_api()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        using DbTransaction tx = c.BeginTransaction();
        Assert.True(tx.SupportsSavepoints);
        c.Execute("INSERT INTO t VALUES (1, 'a')", transaction: tx);
        tx.Save("before_b");
        c.Execute("INSERT INTO t VALUES (2, 'b')", transaction: tx);
        tx.Rollback("before_b");
        Assert.Equal([1L], Ids(c, tx));
        tx.Save("second");
        c.Execute("INSERT INTO t VALUES (3, 'c')", transaction: tx);
        tx.Release("second");
        Assert.Throws<LightningSqlException>(() => tx.Rollback("second"));
        tx.Commit();
        Assert.Equal([1L, 3L], Ids(c));
    }

    [Fact]
    public void Savepoint_statements_need_a_name_and_release_needs_a_transaction()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(Lightning.Kv.LightningErrorCode.SqlSyntax, Assert.Throws<LightningSqlException>(() => c.Execute("SAVEPOINT")).Code);
        Assert.Throws<LightningSqlException>(() => c.Execute("RELEASE nothing"));
        Assert.Throws<LightningSqlException>(() => c.Execute("ROLLBACK TO nothing"));
    }
}
