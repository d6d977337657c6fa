using System.Data.Common;
using Dapper;
// Dapper treats a command text without whitespace (BEGIN, COMMIT) as a stored procedure name, so those go through TestSql.Exec.
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>BEGIN/COMMIT/ROLLBACK in SQL text, several statements per command with NextResult, comments, literals.</summary>
public sealed class StatementTests
{
    [Fact]
    public void Begin_commit_in_sql_text()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        using LightningConnection other = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        c.Exec("BEGIN");
        c.Execute("INSERT INTO t VALUES (1)");
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        Assert.Equal(0L, other.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        c.Exec("COMMIT");
        Assert.Equal(1L, other.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Begin_rollback_in_one_command()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        c.Execute("BEGIN; INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); ROLLBACK;");
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        c.Execute("BEGIN; INSERT INTO t VALUES (3); COMMIT;");
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Begin_inside_a_transaction_and_commit_without_one_are_invalid()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Exec("BEGIN");
        TestSql.ThrowsSql(LightningErrorCode.SqlInvalidOperation, () => c.Exec("BEGIN"));
        c.Exec("ROLLBACK");
        TestSql.ThrowsSql(LightningErrorCode.SqlInvalidOperation, () => c.Exec("COMMIT"));
        TestSql.ThrowsSql(LightningErrorCode.SqlInvalidOperation, () => c.Exec("ROLLBACK"));
        using DbTransaction transaction = c.BeginTransaction();
        TestSql.ThrowsSql(LightningErrorCode.SqlInvalidOperation, () => c.Exec("BEGIN", transaction));
    }

    [Fact]
    public void Multiple_statements_each_yield_a_result()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        using DbCommand command = c.CreateCommand();
        command.CommandText = """
            CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
            INSERT INTO t VALUES (1, 'a'), (2, 'b');
            SELECT v FROM t ORDER BY id;
            UPDATE t SET v = 'c' WHERE id = 2;
            SELECT COUNT(*) FROM t
            """;
        using DbDataReader reader = command.ExecuteReader();
        // The reader starts at the first statement that returns rows (as Microsoft.Data.Sqlite does).
        Assert.True(reader.Read());
        Assert.Equal("a", reader.GetString(0));
        Assert.True(reader.Read());
        Assert.Equal("b", reader.GetString(0));
        Assert.False(reader.Read());
        Assert.True(reader.NextResult());
        Assert.True(reader.Read());
        Assert.Equal(2L, reader.GetInt64(0));
        Assert.False(reader.NextResult());
        reader.Close();
        Assert.Equal(3, reader.RecordsAffected);
    }

    [Fact]
    public void Dapper_query_multiple()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b');");
        using SqlMapper.GridReader grid = c.QueryMultiple("SELECT COUNT(*) FROM t; SELECT v FROM t ORDER BY id; SELECT @p", new { p = 5 });
        Assert.Equal(2L, grid.ReadSingle<long>());
        Assert.Equal(new[] { "a", "b" }, grid.Read<string>());
        Assert.Equal(5L, grid.ReadSingle<long>());
    }

    [Fact]
    public void Comments_are_ignored()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal(3L, c.ExecuteScalar<long>("""
            -- a line comment
            SELECT /* inline */ 1 + /* multi
            line */ 2 -- trailing
            """));
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("create table T (Id integer primary key, V text); insert into t values (1, 'x');");
        Assert.Equal("x", c.ExecuteScalar<string>("sElEcT v FrOm t wHeRe ID = 1"));
    }

    [Fact]
    public void Literals()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        var row = c.QuerySingle<(long I, double R, string S, byte[] B, long T, long F)>("SELECT 9223372036854775807, 1.5e3, 'it''s', X'0a1B', TRUE, FALSE");
        Assert.Equal((long.MaxValue, 1500.0, "it's", 1L, 0L), (row.I, row.R, row.S, row.T, row.F));
        Assert.Equal(new byte[] { 0x0A, 0x1B }, row.B);
        Assert.Equal(DBNull.Value, c.Scalar("SELECT NULL"));
        Assert.Equal(-5L, c.ExecuteScalar<long>("SELECT -5"));
    }

    [Fact]
    public void Plans_are_cached_but_see_schema_changes()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');");
        for (int i = 0; i < 3; i++) Assert.Single(c.Query("SELECT * FROM t WHERE id = @id", new { id = 1 }));
        c.Execute("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'd'");
        var row = (IDictionary<string, object>)c.QuerySingle("SELECT * FROM t WHERE id = @id", new { id = 1 });
        Assert.Equal("d", row["w"]);
        c.Execute("DROP TABLE t");
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Query("SELECT * FROM t WHERE id = @id", new { id = 1 }).ToList());
    }
}
