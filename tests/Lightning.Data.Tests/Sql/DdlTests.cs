using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>CREATE/DROP TABLE, ALTER TABLE, CREATE/DROP INDEX, as users write them through Dapper.</summary>
public sealed class DdlTests
{
    [Fact]
    public void Create_table_with_every_column_constraint()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("""
            CREATE TABLE users (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL, email TEXT UNIQUE, balance REAL DEFAULT 0, data BLOB
            )
            """);
        c.Execute("INSERT INTO users (name, email) VALUES ('ann', 'ann@x')");
        var row = c.QuerySingle<(long Id, string Name, string Email, double Balance, byte[]? Data)>("SELECT id, name, email, balance, data FROM users");
        Assert.Equal((1L, "ann", "ann@x", 0.0), (row.Id, row.Name, row.Email, row.Balance));
        Assert.Null(row.Data);
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute("INSERT INTO users (name) VALUES (NULL)"));
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute("INSERT INTO users (name, email) VALUES ('bob', 'ann@x')"));
        // UNIQUE allows several NULLs, as in SQLite.
        c.Execute("INSERT INTO users (name) VALUES ('c'), ('d')");
        Assert.Equal(3L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public void Composite_primary_key_order_is_the_scan_order()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE events (b TEXT, a INTEGER, v TEXT, PRIMARY KEY (a, b))");
        c.Execute("INSERT INTO events (a, b, v) VALUES (2, 'x', 'r1'), (1, 'z', 'r2'), (1, 'a', 'r3'), (2, 'a', 'r4')");
        Assert.Equal(new[] { "r3", "r2", "r4", "r1" }, c.Query<string>("SELECT v FROM events"));
        Assert.Equal(new[] { "r3", "r2" }, c.Query<string>("SELECT v FROM events WHERE a = 1"));
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute("INSERT INTO events (a, b, v) VALUES (1, 'a', 'dup')"));
        c.Execute("INSERT INTO events (a, b, v) VALUES (1, 'b', 'ok')");
    }

    [Fact]
    public void If_not_exists_and_if_exists()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        c.Execute("INSERT INTO t VALUES (1)");
        c.Execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, other TEXT)");
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        c.Execute("DROP TABLE t");
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("SELECT * FROM t"));
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("DROP TABLE t"));
        c.Execute("DROP TABLE IF EXISTS t");
    }

    [Fact]
    public void Drop_then_recreate_starts_empty()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');");
        c.Execute("DROP TABLE t; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);");
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Alter_table_add_column_old_rows_read_the_default()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");
        c.Execute("ALTER TABLE t ADD COLUMN status TEXT DEFAULT 'new'");
        c.Execute("ALTER TABLE t ADD note TEXT");
        c.Execute("INSERT INTO t (id, status, note) VALUES (2, 'old', 'n')");
        var rows = c.Query<(long Id, string Status, string? Note)>("SELECT id, status, note FROM t ORDER BY id").ToList();
        Assert.Equal((1L, "new", (string?)null), rows[0]);
        Assert.Equal((2L, "old", "n"), rows[1]);
    }

    [Fact]
    public void Alter_table_rename_to_and_rename_column()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t VALUES (1, 'x');");
        c.Execute("ALTER TABLE t RENAME TO u");
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("SELECT * FROM t"));
        c.Execute("ALTER TABLE u RENAME COLUMN a TO b");
        Assert.Equal("x", c.ExecuteScalar<string>("SELECT b FROM u WHERE id = 1"));
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("SELECT a FROM u"));
    }

    [Fact]
    public void Indexes_unique_desc_if_not_exists_and_drop()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
        c.Execute("INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y'), (3, 20, 'z')");
        c.Execute("CREATE INDEX ix_a ON t (a DESC, b)");
        c.Execute("CREATE INDEX IF NOT EXISTS ix_a ON t (a)");
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("CREATE INDEX ix_a ON t (a)"));
        Assert.Equal(new[] { 2L, 3L }, c.Query<long>("SELECT id FROM t WHERE a = 20 ORDER BY id"));
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute("CREATE UNIQUE INDEX ux_a ON t (a)"));
        c.Execute("CREATE UNIQUE INDEX ux_b ON t (b)");
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute("INSERT INTO t VALUES (4, 1, 'x')"));
        c.Execute("DROP INDEX ux_b");
        c.Execute("INSERT INTO t VALUES (4, 1, 'x')");
        c.Execute("DROP INDEX IF EXISTS ux_b");
        TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("DROP INDEX ux_b"));
    }

    [Fact]
    public void Index_is_maintained_by_update_and_delete()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER); CREATE INDEX ix ON t (a);");
        c.Execute("INSERT INTO t VALUES (1, 5), (2, 6)");
        c.Execute("UPDATE t SET a = 7 WHERE id = 1");
        c.Execute("DELETE FROM t WHERE id = 2");
        Assert.Empty(c.Query<long>("SELECT id FROM t WHERE a = 5"));
        Assert.Empty(c.Query<long>("SELECT id FROM t WHERE a = 6"));
        Assert.Equal(1L, c.QuerySingle<long>("SELECT id FROM t WHERE a = 7"));
    }

    [Fact]
    public void Schema_survives_reopen()
    {
        using var db = new TestDatabase();
        using (LightningConnection c = db.OpenConnection())
            c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX ix ON t (v); INSERT INTO t VALUES (1, 'a');");
        using LightningConnection again = db.OpenConnection();
        Assert.Equal("a", again.ExecuteScalar<string>("SELECT v FROM t WHERE v = 'a'"));
    }

    [Fact]
    public void Identifiers_quoted_bracketed_and_case_insensitive()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE \"Order Items\" ([Id] INTEGER PRIMARY KEY, \"Select\" TEXT)");
        c.Execute("insert into \"order items\" (ID, \"select\") values (1, 'kw')");
        Assert.Equal("kw", c.ExecuteScalar<string>("SELECT \"SELECT\" FROM [Order Items] WHERE id = 1"));
        using var reader = c.ExecuteReader("SELECT * FROM [Order Items]");
        Assert.Equal("Id", reader.GetName(0));
        Assert.Equal("Select", reader.GetName(1));
    }
}
