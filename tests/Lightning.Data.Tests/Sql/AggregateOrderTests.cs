using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Sql;

/// <summary>GROUP BY/HAVING with every aggregate, ORDER BY with NULLS FIRST/LAST, LIMIT/OFFSET, storage-class order, COLLATE NOCASE.</summary>
public sealed class AggregateOrderTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("""
            CREATE TABLE sales (id INTEGER PRIMARY KEY, region TEXT, amount INTEGER, price REAL);
            INSERT INTO sales VALUES (1, 'north', 10, 1.5), (2, 'north', 20, 2.5), (3, 'south', 5, NULL),
                                     (4, 'south', 5, 4.0), (5, 'west', NULL, NULL), (6, NULL, 1, 1.0);
            """);
        return c;
    }

    [Fact]
    public void Aggregates_over_whole_table()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var r = c.QuerySingle<(long Rows, long Amounts, long Distinct, long Sum, double Avg, long Min, long Max)>(
            "SELECT COUNT(*), COUNT(amount), COUNT(DISTINCT amount), SUM(amount), AVG(amount), MIN(amount), MAX(amount) FROM sales");
        Assert.Equal((6L, 5L, 4L, 41L, 8.2, 1L, 20L), r);
        Assert.Equal(9.0, c.ExecuteScalar<double>("SELECT SUM(price) FROM sales"));
    }

    [Fact]
    public void Aggregates_over_no_rows()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var r = c.QuerySingle<(long Count, long? Sum, double? Avg, long? Min)>("SELECT COUNT(*), SUM(amount), AVG(amount), MIN(amount) FROM sales WHERE id > 100");
        Assert.Equal((0L, (long?)null, (double?)null, (long?)null), r);
    }

    [Fact]
    public void Group_by_with_having_and_order()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var rows = c.Query<(string? Region, long N, long? Total)>("""
            SELECT region, COUNT(*) AS n, SUM(amount) AS total FROM sales GROUP BY region ORDER BY region
            """).ToList();
        Assert.Equal([(null, 1L, 1L), ("north", 2L, 30L), ("south", 2L, 10L), ("west", 1L, null)], rows);
        Assert.Equal(new[] { "north", "south" }, c.Query<string>("SELECT region FROM sales GROUP BY region HAVING COUNT(*) > 1 ORDER BY region"));
        Assert.Equal(new[] { "north" }, c.Query<string>("SELECT region FROM sales GROUP BY region HAVING SUM(amount) > 10"));
    }

    [Fact]
    public void Count_over_a_key_range()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(3L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM sales WHERE id BETWEEN 2 AND 4"));
    }

    [Fact]
    public void Order_by_asc_desc_multiple_keys_and_expressions()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(new long[] { 6, 5, 4, 3, 2, 1 }, c.Query<long>("SELECT id FROM sales ORDER BY id DESC"));
        Assert.Equal(new long[] { 2, 1, 4, 3 }, c.Query<long>("SELECT id FROM sales WHERE region IN ('north', 'south') ORDER BY region ASC, id DESC"));
        Assert.Equal(new long[] { 2, 1 }, c.Query<long>("SELECT id FROM sales WHERE region = 'north' ORDER BY amount * -1"));
        Assert.Equal(new long[] { 1, 2 }, c.Query<long>("SELECT id AS k FROM sales WHERE region = 'north' ORDER BY k"));
    }

    [Fact]
    public void Nulls_sort_first_ascending_unless_told()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(new long[] { 5, 6, 3, 4, 1, 2 }, c.Query<long>("SELECT id FROM sales ORDER BY amount, id"));
        Assert.Equal(new long[] { 6, 3, 4, 1, 2, 5 }, c.Query<long>("SELECT id FROM sales ORDER BY amount NULLS LAST, id"));
        Assert.Equal(new long[] { 2, 1, 3, 4, 6, 5 }, c.Query<long>("SELECT id FROM sales ORDER BY amount DESC, id"));
        Assert.Equal(new long[] { 5, 2, 1, 3, 4, 6 }, c.Query<long>("SELECT id FROM sales ORDER BY amount DESC NULLS FIRST, id"));
    }

    [Fact]
    public void Limit_and_offset()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(new long[] { 1, 2 }, c.Query<long>("SELECT id FROM sales ORDER BY id LIMIT 2"));
        Assert.Equal(new long[] { 3, 4 }, c.Query<long>("SELECT id FROM sales ORDER BY id LIMIT 2 OFFSET 2"));
        Assert.Equal(new long[] { 6, 5 }, c.Query<long>("SELECT id FROM sales ORDER BY id DESC LIMIT @n", new { n = 2 }));
        Assert.Empty(c.Query<long>("SELECT id FROM sales ORDER BY id LIMIT 2 OFFSET 10"));
        Assert.Empty(c.Query<long>("SELECT id FROM sales LIMIT 0"));
    }

    [Fact]
    public void Storage_classes_sort_null_numbers_text_blob()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        // Columns are checked against their declared class, so the mixed values come from an expression.
        c.Execute("CREATE TABLE m (id INTEGER PRIMARY KEY); INSERT INTO m VALUES (1), (2), (3), (4), (5), (6), (7);");
        const string V = "CASE id WHEN 1 THEN X'00' WHEN 2 THEN 'b' WHEN 3 THEN 2.5 WHEN 4 THEN NULL WHEN 5 THEN 3 WHEN 6 THEN 'a' ELSE -1 END";
        Assert.Equal(new long[] { 4, 7, 3, 5, 6, 2, 1 }, c.Query<long>($"SELECT id FROM m ORDER BY {V}"));
        Assert.Equal(new long[] { 1, 2, 6, 5, 3, 7, 4 }, c.Query<long>($"SELECT id FROM m ORDER BY {V} DESC"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT 1 < 'a'"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT 'z' < X'00'"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT 2 = 2.0"));
    }

    [Fact]
    public void Text_orders_by_utf8_bytes_unless_collate_nocase()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE w (id INTEGER PRIMARY KEY, s TEXT, n TEXT COLLATE NOCASE)");
        c.Execute("INSERT INTO w VALUES (1, 'b', 'b'), (2, 'B', 'B'), (3, 'a', 'a'), (4, 'é', 'é'), (5, 'Z', 'Z')");
        Assert.Equal(new long[] { 2, 5, 3, 1, 4 }, c.Query<long>("SELECT id FROM w ORDER BY s"));
        Assert.Equal(new long[] { 3, 1, 2 }, c.Query<long>("SELECT id FROM w WHERE id <= 3 ORDER BY s COLLATE NOCASE, id"));
        Assert.Equal(new long[] { 1, 2 }, c.Query<long>("SELECT id FROM w WHERE n = 'B' ORDER BY id"));
        Assert.Equal(new long[] { 2 }, c.Query<long>("SELECT id FROM w WHERE s = 'B'"));
        Assert.Equal(new long[] { 1, 2 }, c.Query<long>("SELECT id FROM w WHERE s = 'b' COLLATE NOCASE ORDER BY id"));
    }
}
