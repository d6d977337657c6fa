using System.Text;
using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>The built-in <c>kv (key BLOB PRIMARY KEY, value BLOB)</c> table as an ordered map.</summary>
public sealed class KvTableTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        foreach (string k in new[] { "user:1", "user:2", "user:10", "order:1", "users", "v" })
            c.Execute("INSERT OR REPLACE INTO kv VALUES (@k, @v)", new { k = B(k), v = B("value of " + k) });
        return c;
    }

    [Fact]
    public void Point_get_by_blob_and_by_text()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(B("value of user:2"), c.QuerySingle<byte[]>("SELECT value FROM kv WHERE key = @k", new { k = B("user:2") }));
        Assert.Equal(B("value of user:2"), c.QuerySingle<byte[]>("SELECT value FROM kv WHERE key = @k", new { k = "user:2" }));
        Assert.Equal(B("value of v"), c.QuerySingle<byte[]>("SELECT value FROM kv WHERE key = 'v'"));
        Assert.Empty(c.Query<byte[]>("SELECT value FROM kv WHERE key = @k", new { k = "nope" }));
    }

    [Fact]
    public void Range_scan_is_in_byte_order_with_limit()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var keys = c.Query<byte[]>("SELECT key FROM kv WHERE key >= @lo AND key < @hi ORDER BY key LIMIT 100", new { lo = "user:", hi = "user;" })
            .Select(Encoding.UTF8.GetString).ToList();
        Assert.Equal(["user:1", "user:10", "user:2"], keys);
        var two = c.Query<byte[]>("SELECT key FROM kv ORDER BY key LIMIT 2").Select(Encoding.UTF8.GetString);
        Assert.Equal(["order:1", "user:1"], two);
        var last = c.Query<byte[]>("SELECT key FROM kv ORDER BY key DESC LIMIT 1").Select(Encoding.UTF8.GetString);
        Assert.Equal(["v"], last);
    }

    [Fact]
    public void Prefix_like()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var keys = c.Query<byte[]>("SELECT key FROM kv WHERE key LIKE 'user:%' ORDER BY key").Select(Encoding.UTF8.GetString);
        Assert.Equal(["user:1", "user:10", "user:2"], keys);
        Assert.Equal(4L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM kv WHERE key LIKE 'user%'"));
    }

    [Fact]
    public void Insert_or_replace_overwrites_and_delete_removes()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("INSERT OR REPLACE INTO kv VALUES (@k, @v)", new { k = "v", v = B("new") });
        Assert.Equal(B("new"), c.QuerySingle<byte[]>("SELECT value FROM kv WHERE key = 'v'"));
        Assert.Equal(1, c.Execute("DELETE FROM kv WHERE key = @k", new { k = B("v") }));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM kv WHERE key = 'v'"));
        Assert.Equal(5L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM kv"));
    }

    [Fact]
    public void Kv_survives_reopen_and_is_separate_from_tables()
    {
        using var db = new TestDatabase();
        using (LightningConnection c = Open(db))
            c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");
        using LightningConnection again = db.OpenConnection();
        Assert.Equal(6L, again.ExecuteScalar<long>("SELECT COUNT(*) FROM kv"));
        Assert.Equal(1L, again.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Kv_table_cannot_be_dropped_or_recreated()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.ThrowsAny<LightningException>(() => c.Execute("DROP TABLE kv"));
        Assert.ThrowsAny<LightningException>(() => c.Execute("CREATE TABLE kv (key BLOB PRIMARY KEY, value BLOB)"));
    }
}
