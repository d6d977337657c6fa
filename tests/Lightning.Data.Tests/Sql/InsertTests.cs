using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>Every INSERT form of KV-SQL, with the affected-row counts Dapper's Execute returns.</summary>
public sealed class InsertTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER DEFAULT 7)");
        return c;
    }

    [Fact]
    public void Column_list_multi_row_values_and_defaults()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(3, c.Execute("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
        Assert.Equal(1, c.Execute("INSERT INTO t VALUES (4, 'd', 40)"));
        Assert.Equal(new long[] { 7, 7, 7, 40 }, c.Query<long>("SELECT n FROM t ORDER BY id"));
    }

    [Fact]
    public void Dapper_executes_once_per_parameter_object()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var rows = Enumerable.Range(1, 50).Select(i => new { id = i, name = $"n{i}" });
        Assert.Equal(50, c.Execute("INSERT INTO t (id, name) VALUES (@id, @name)", rows));
        Assert.Equal("n42", c.QuerySingle<string>("SELECT name FROM t WHERE id = @id", new { id = 42 }));
    }

    [Fact]
    public void A_long_multi_row_insert_sees_its_own_earlier_rows()
    {
        // More rows than a statement keeps in its short write list: its own duplicates are found through the map too.
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT UNIQUE)");
        string Values(int count, int duplicateAt, bool duplicateKey) => string.Join(", ", Enumerable.Range(1, count).Select(i =>
            i == duplicateAt ? (duplicateKey ? $"(3, 'x{i}')" : $"({i}, 'e3')") : $"({i}, 'e{i}')"));

        LightningSqlException key = Assert.Throws<LightningSqlException>(() => c.Execute("INSERT INTO u VALUES " + Values(20, 15, duplicateKey: true)));
        Assert.Contains("PRIMARY KEY", key.Message);
        LightningSqlException unique = Assert.Throws<LightningSqlException>(() => c.Execute("INSERT INTO u VALUES " + Values(20, 15, duplicateKey: false)));
        Assert.Contains("UNIQUE constraint failed", unique.Message);
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM u"));

        Assert.Equal(20, c.Execute("INSERT INTO u VALUES " + Values(20, 0, duplicateKey: false)));
        Assert.Equal(15L, c.ExecuteScalar<long>("SELECT id FROM u WHERE email = 'e15'"));
        // OR REPLACE within one long statement: the later row replaces the earlier one, index entry included.
        Assert.Equal(12, c.Execute("INSERT OR REPLACE INTO u VALUES " + string.Join(", ", Enumerable.Range(30, 11).Select(i => $"({i}, 'r{i}')")) + ", (31, 'again')"));
        Assert.Equal("again", c.ExecuteScalar<string>("SELECT email FROM u WHERE id = 31"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM u WHERE email = 'r31'"));
    }

    [Fact]
    public void Or_replace_and_or_ignore()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("INSERT INTO t (id, name) VALUES (1, 'a')");
        c.Execute("INSERT OR REPLACE INTO t (id, name) VALUES (1, 'b')");
        Assert.Equal("b", c.QuerySingle<string>("SELECT name FROM t WHERE id = 1"));
        Assert.Equal(0, c.Execute("INSERT OR IGNORE INTO t (id, name) VALUES (1, 'c')"));
        Assert.Equal(1, c.Execute("INSERT OR IGNORE INTO t (id, name) VALUES (2, 'c')"));
        Assert.Equal("b", c.QuerySingle<string>("SELECT name FROM t WHERE id = 1"));
        Assert.Equal(2L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void On_conflict_do_nothing_and_do_update_with_excluded()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("INSERT INTO t (id, name, n) VALUES (1, 'a', 1)");
        Assert.Equal(0, c.Execute("INSERT INTO t (id, name) VALUES (1, 'x') ON CONFLICT (id) DO NOTHING"));
        Assert.Equal("a", c.QuerySingle<string>("SELECT name FROM t WHERE id = 1"));
        c.Execute("INSERT INTO t (id, name, n) VALUES (1, 'y', 5), (2, 'z', 6) ON CONFLICT (id) DO UPDATE SET name = excluded.name, n = t.n + excluded.n");
        var rows = c.Query<(long Id, string Name, long N)>("SELECT id, name, n FROM t ORDER BY id").ToList();
        Assert.Equal([(1L, "y", 6L), (2L, "z", 6L)], rows);
    }

    [Fact]
    public void Insert_select()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        c.Execute("CREATE TABLE copy (id INTEGER PRIMARY KEY, name TEXT)");
        Assert.Equal(2, c.Execute("INSERT INTO copy (id, name) SELECT id + 100, UPPER(name) FROM t WHERE id >= 2"));
        Assert.Equal(new[] { "B", "C" }, c.Query<string>("SELECT name FROM copy ORDER BY id"));
    }

    [Fact]
    public void Returning_gives_the_inserted_rows()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)");
        var rows = c.Query<(long Id, string Name)>("INSERT INTO t (name) VALUES ('a'), ('b') RETURNING id, name").ToList();
        Assert.Equal([(1L, "a"), (2L, "b")], rows);
        Assert.Equal(2L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Integer_primary_key_rowid_reuses_max_plus_one_after_delete()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        c.Execute("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')");
        Assert.Equal(new long[] { 1, 2, 3 }, c.Query<long>("SELECT id FROM t ORDER BY id"));
        c.Execute("DELETE FROM t WHERE id = 3");
        c.Execute("INSERT INTO t (v) VALUES ('d')");
        Assert.Equal(3L, c.ExecuteScalar<long>("SELECT id FROM t WHERE v = 'd'"));
        c.Execute("INSERT INTO t (id, v) VALUES (100, 'e')");
        c.Execute("INSERT INTO t (v) VALUES ('f')");
        Assert.Equal(101L, c.ExecuteScalar<long>("SELECT id FROM t WHERE v = 'f'"));
    }

    [Fact]
    public void Autoincrement_never_reuses_a_rowid()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
        c.Execute("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')");
        c.Execute("DELETE FROM t WHERE id = 3");
        c.Execute("INSERT INTO t (v) VALUES ('d')");
        Assert.Equal(4L, c.ExecuteScalar<long>("SELECT id FROM t WHERE v = 'd'"));
        c.Execute("DELETE FROM t");
        c.Execute("INSERT INTO t (v) VALUES ('e')");
        Assert.Equal(5L, c.ExecuteScalar<long>("SELECT id FROM t WHERE v = 'e'"));
    }

    [Fact]
    public void Last_insert_rowid_is_per_connection()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        using LightningConnection other = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        long id = c.ExecuteScalar<long>("INSERT INTO t (v) VALUES ('a'); SELECT LAST_INSERT_ROWID();");
        Assert.Equal(1L, id);
        other.Execute("INSERT INTO t (v) VALUES ('b')");
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT LAST_INSERT_ROWID()"));
        Assert.Equal(2L, other.ExecuteScalar<long>("SELECT LAST_INSERT_ROWID()"));
        Assert.Equal(1L, c.LastInsertRowId);
    }

    [Fact]
    public void Changes_reports_rows_of_the_last_statement()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(3L, c.ExecuteScalar<long>("INSERT INTO t (id) VALUES (1), (2), (3); SELECT CHANGES();"));
        Assert.Equal(2L, c.ExecuteScalar<long>("UPDATE t SET name = 'x' WHERE id > 1; SELECT CHANGES();"));
    }

    [Fact]
    public void Values_of_every_class_and_parameters_round_trip()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB)");
        c.Execute("INSERT INTO v VALUES (1, @i, @r, @s, @b)", new { i = long.MinValue, r = -2.5, s = "héllo 😀", b = new byte[] { 0, 255 } });
        c.Execute("INSERT INTO v VALUES (2, 9223372036854775807, 1e300, 'it''s', X'0A1B')");
        c.Execute("INSERT INTO v VALUES (3, TRUE, NULL, NULL, NULL)");
        var one = c.QuerySingle<(long I, double R, string S, byte[] B)>("SELECT i, r, s, b FROM v WHERE id = 1");
        Assert.Equal((long.MinValue, -2.5, "héllo 😀"), (one.I, one.R, one.S));
        Assert.Equal(new byte[] { 0, 255 }, one.B);
        var two = c.QuerySingle<(long I, double R, string S, byte[] B)>("SELECT i, r, s, b FROM v WHERE id = 2");
        Assert.Equal((long.MaxValue, 1e300, "it's"), (two.I, two.R, two.S));
        Assert.Equal(new byte[] { 0x0A, 0x1B }, two.B);
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT i FROM v WHERE id = 3"));
    }
}
