using System.Buffers.Binary;
using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Engine;

/// <summary>PRAGMA integrity_check, PRAGMA table_info and EXPLAIN of writes.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public void Integrity_check_is_ok_on_a_healthy_database_with_indexes()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT UNIQUE, city TEXT); CREATE INDEX t_city ON t (city DESC)");
        c.Execute("INSERT INTO t (email, city) VALUES (@e, @c)", Enumerable.Range(0, 200).Select(i => new { e = $"u{i}@x", c = i % 3 == 0 ? null : $"city{i % 7}" }));
        c.Execute("DELETE FROM t WHERE id % 5 = 0; UPDATE t SET city = 'moved' WHERE id % 7 = 0");
        Assert.Equal(["ok"], c.Query<string>("PRAGMA integrity_check").ToArray());
    }

    [Fact]
    public void Integrity_check_reports_an_index_entry_that_went_missing()
    {
        using var db = new TestDatabase();
        using (LightningConnection c = db.OpenConnection())
        {
            c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, city TEXT); CREATE INDEX t_city ON t (city)");
            c.Execute("INSERT INTO t (id, city) VALUES (1, 'a'), (2, 'b')");
        }
        // Delete every entry of the index's key space (id 17: the table is 16, the index the next id) behind SQL's back.
        using (LightningDb store = LightningDb.Open(db.Directory))
        {
            byte[] from = new byte[4], to = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(from, 17);
            BinaryPrimitives.WriteUInt32BigEndian(to, 18);
            foreach (KeyValuePair<byte[], byte[]> entry in store.Scan(from, to).ToList()) store.Delete(entry.Key);
        }
        using LightningConnection reopened = db.OpenConnection();
        string[] problems = reopened.Query<string>("PRAGMA integrity_check").ToArray();
        Assert.NotEqual(["ok"], problems);
        Assert.Contains(problems, p => p.Contains("t_city", StringComparison.Ordinal));
    }

    [Fact]
    public void Table_info_lists_columns_types_and_key()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (a INTEGER, b VARCHAR(20) NOT NULL DEFAULT 'x', PRIMARY KEY (a))");
        var rows = c.Query<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>("PRAGMA table_info(t)").ToArray();
        Assert.Equal((0L, "a", "INTEGER", 1L, (string?)null, 1L), rows[0]);
        Assert.Equal((1L, "b", "VARCHAR(20)", 1L, "'x'", 0L), rows[1]);
    }

    [Fact]
    public void Explain_of_update_and_delete_shows_the_access_path()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        string update = string.Join("\n", c.Query<string>("EXPLAIN UPDATE t SET v = 'x' WHERE id = 3"));
        Assert.Contains("Update t", update, StringComparison.Ordinal);
        Assert.Contains("PointGet", update, StringComparison.Ordinal);
        string delete = string.Join("\n", c.Query<string>("EXPLAIN DELETE FROM t WHERE v = 'x'"));
        Assert.Contains("FullScan", delete, StringComparison.Ordinal);
        Assert.Contains("Filter", delete, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_pragma_is_a_clear_error()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        var error = Assert.Throws<LightningSqlException>(() => c.Execute("PRAGMA journal_mode = WAL"));
        Assert.Equal(LightningErrorCode.SqlUnknownObject, error.Code);
    }
}
