using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Sql;

/// <summary>UPDATE and DELETE with WHERE and RETURNING, and the counts Dapper's Execute returns.</summary>
public sealed class UpdateDeleteTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)");
        c.Execute("INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', NULL)");
        return c;
    }

    [Fact]
    public void Update_with_where_returns_affected_count()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(2, c.Execute("UPDATE t SET n = n + 1, name = name || '!' WHERE n >= 20"));
        Assert.Equal(0, c.Execute("UPDATE t SET n = 0 WHERE id = 99"));
        Assert.Equal(new[] { "a", "b!", "c!", "d" }, c.Query<string>("SELECT name FROM t ORDER BY id"));
        Assert.Equal(31L, c.ExecuteScalar<long>("SELECT n FROM t WHERE id = 3"));
    }

    [Fact]
    public void Update_without_where_touches_every_row()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(4, c.Execute("UPDATE t SET name = 'z'"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(DISTINCT name) FROM t"));
    }

    [Fact]
    public void Update_of_the_primary_key_moves_the_row()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(1, c.Execute("UPDATE t SET id = 10 WHERE id = 1"));
        Assert.Equal(new long[] { 2, 3, 4, 10 }, c.Query<long>("SELECT id FROM t ORDER BY id"));
        Assert.Equal("a", c.QuerySingle<string>("SELECT name FROM t WHERE id = 10"));
    }

    [Fact]
    public void Update_returning()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var rows = c.Query<(long Id, long N)>("UPDATE t SET n = n * 2 WHERE id <= 2 RETURNING id, n").OrderBy(r => r.Id).ToList();
        Assert.Equal([(1L, 20L), (2L, 40L)], rows);
    }

    [Fact]
    public void Update_with_parameters()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(1, c.Execute("UPDATE t SET name = @name WHERE id = @id", new { id = 4, name = (string?)null }));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t WHERE name IS NULL"));
    }

    [Fact]
    public void Delete_with_where_and_returning()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(1, c.Execute("DELETE FROM t WHERE id = 1"));
        Assert.Equal(0, c.Execute("DELETE FROM t WHERE id = 1"));
        Assert.Equal(new[] { "b", "c" }, c.Query<string>("DELETE FROM t WHERE n IS NOT NULL RETURNING name").OrderBy(x => x));
        Assert.Equal(new long[] { 4 }, c.Query<long>("SELECT id FROM t"));
        Assert.Equal(1, c.Execute("DELETE FROM t"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Delete_of_a_key_range()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(2, c.Execute("DELETE FROM t WHERE id BETWEEN 2 AND 3"));
        Assert.Equal(new long[] { 1, 4 }, c.Query<long>("SELECT id FROM t ORDER BY id"));
    }
}
