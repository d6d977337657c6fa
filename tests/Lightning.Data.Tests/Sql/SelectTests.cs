using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Sql;

/// <summary>SELECT forms: DISTINCT, aliases, *, t.*, joins, subqueries, EXISTS, and WHERE with every operator.</summary>
public sealed class SelectTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("""
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total REAL);
            INSERT INTO customers VALUES (1, 'Ann', 'Oslo'), (2, 'Bob', 'Rome'), (3, 'Cid', NULL), (4, 'Dee', 'Oslo');
            INSERT INTO orders VALUES (10, 1, 5.5), (11, 1, 4.5), (12, 2, 100), (13, 99, 1);
            """);
        return c;
    }

    [Fact]
    public void Star_alias_and_distinct()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var first = c.QueryFirst("SELECT * FROM customers ORDER BY id");
        Assert.Equal("Ann", (string)first.name);
        Assert.Equal("Oslo", c.QuerySingle<string>("SELECT city AS where_ FROM customers AS cu WHERE cu.id = 1"));
        Assert.Equal(new[] { "Oslo", "Rome" }, c.Query<string>("SELECT DISTINCT city FROM customers WHERE city IS NOT NULL ORDER BY city"));
        using var reader = c.ExecuteReader("SELECT name AS customer_name, id + 1 AS next FROM customers");
        Assert.Equal("customer_name", reader.GetName(0));
        Assert.Equal("next", reader.GetName(1));
    }

    [Fact]
    public void Inner_join_and_table_star()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var rows = c.Query<(string Name, double Total)>("""
            SELECT c.name, o.total FROM customers AS c INNER JOIN orders AS o ON o.customer_id = c.id ORDER BY o.id
            """).ToList();
        Assert.Equal([("Ann", 5.5), ("Ann", 4.5), ("Bob", 100.0)], rows);
        using var reader = c.ExecuteReader("SELECT o.* FROM customers c JOIN orders o ON o.customer_id = c.id");
        Assert.Equal(3, reader.FieldCount);
    }

    [Fact]
    public void Left_join_keeps_unmatched_rows_with_nulls()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var rows = c.Query<(string Name, long? OrderId)>("""
            SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id ORDER BY c.id, o.id
            """).ToList();
        Assert.Equal([("Ann", 10L), ("Ann", 11L), ("Bob", 12L), ("Cid", null), ("Dee", null)], rows);
    }

    [Fact]
    public void Three_way_join()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("CREATE TABLE cities (name TEXT PRIMARY KEY, country TEXT); INSERT INTO cities VALUES ('Oslo', 'NO'), ('Rome', 'IT');");
        var countries = c.Query<string>("""
            SELECT ci.country FROM orders o JOIN customers cu ON cu.id = o.customer_id JOIN cities ci ON ci.name = cu.city ORDER BY o.id
            """);
        Assert.Equal(new[] { "NO", "NO", "IT" }, countries);
    }

    [Theory]
    [InlineData("id = 2", new long[] { 2 })]
    [InlineData("id <> 2", new long[] { 1, 3, 4 })]
    [InlineData("id != 2", new long[] { 1, 3, 4 })]
    [InlineData("id < 2", new long[] { 1 })]
    [InlineData("id <= 2", new long[] { 1, 2 })]
    [InlineData("id > 3", new long[] { 4 })]
    [InlineData("id >= 3", new long[] { 3, 4 })]
    [InlineData("id = 1 OR id = 3", new long[] { 1, 3 })]
    [InlineData("city = 'Oslo' AND id > 1", new long[] { 4 })]
    [InlineData("NOT (city = 'Oslo')", new long[] { 2 })]
    [InlineData("city IS NULL", new long[] { 3 })]
    [InlineData("city IS NOT NULL", new long[] { 1, 2, 4 })]
    [InlineData("id IN (1, 4, 7)", new long[] { 1, 4 })]
    [InlineData("id NOT IN (1, 4)", new long[] { 2, 3 })]
    [InlineData("id IN (SELECT customer_id FROM orders)", new long[] { 1, 2 })]
    [InlineData("id NOT IN (SELECT customer_id FROM orders)", new long[] { 3, 4 })]
    [InlineData("id BETWEEN 2 AND 3", new long[] { 2, 3 })]
    [InlineData("id NOT BETWEEN 2 AND 3", new long[] { 1, 4 })]
    [InlineData("name LIKE 'a%'", new long[] { 1 })]
    [InlineData("name LIKE '_o_'", new long[] { 2 })]
    [InlineData("name NOT LIKE '%e%'", new long[] { 1, 2, 3 })]
    [InlineData("id * 2 + 1 = 5", new long[] { 2 })]
    [InlineData("id % 2 = 0", new long[] { 2, 4 })]
    [InlineData("id - 1 = 0", new long[] { 1 })]
    [InlineData("id / 2 = 1", new long[] { 2, 3 })]
    [InlineData("name || '!' = 'Bob!'", new long[] { 2 })]
    [InlineData("EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id AND o.total > 50)", new long[] { 2 })]
    [InlineData("NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id)", new long[] { 3, 4 })]
    [InlineData("(SELECT COUNT(*) FROM orders o WHERE o.customer_id = customers.id) = 2", new long[] { 1 })]
    [InlineData("id = (SELECT MAX(customer_id) FROM orders WHERE customer_id < 10)", new long[] { 2 })]
    [InlineData("CASE WHEN city IS NULL THEN 'none' ELSE city END = 'none'", new long[] { 3 })]
    [InlineData("CAST(id AS TEXT) = '3'", new long[] { 3 })]
    [InlineData("TRUE", new long[] { 1, 2, 3, 4 })]
    [InlineData("FALSE", new long[0])]
    public void Where_operators(string predicate, long[] expected)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(expected, c.Query<long>($"SELECT id FROM customers WHERE {predicate} ORDER BY id"));
    }

    [Fact]
    public void Like_is_ascii_case_insensitive_and_supports_escape()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE p (id INTEGER PRIMARY KEY, s TEXT); INSERT INTO p VALUES (1, '100%'), (2, '100x'), (3, 'a_b'), (4, 'axb');");
        Assert.Equal(new long[] { 1 }, c.Query<long>("SELECT id FROM p WHERE s LIKE '100!%' ESCAPE '!' ORDER BY id"));
        Assert.Equal(new long[] { 3 }, c.Query<long>("SELECT id FROM p WHERE s LIKE 'a\\_b' ESCAPE '\\' ORDER BY id"));
        Assert.Equal(new long[] { 3, 4 }, c.Query<long>("SELECT id FROM p WHERE s LIKE 'A_B' ORDER BY id"));
    }

    [Fact]
    public void Null_semantics_are_three_valued()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM customers WHERE city = NULL"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM customers WHERE NOT (city = 'Oslo') AND city IS NULL"));
        Assert.Null(c.ExecuteScalar<long?>("SELECT NULL + 1"));
        Assert.Null(c.ExecuteScalar<string?>("SELECT 'a' || NULL"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT NULL IS NULL"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM customers WHERE id NOT IN (1, NULL)"));
    }

    [Theory]
    [InlineData("SELECT 7 / 2", 3L)]
    [InlineData("SELECT 7 % 3", 1L)]
    [InlineData("SELECT -7 / 2", -3L)]
    [InlineData("SELECT 2 + 3 * 4", 14L)]
    [InlineData("SELECT (2 + 3) * 4", 20L)]
    [InlineData("SELECT 1 < 2", 1L)]
    [InlineData("SELECT 'a' = 'A'", 0L)]
    [InlineData("SELECT CASE 2 WHEN 1 THEN 10 WHEN 2 THEN 20 ELSE 30 END", 20L)]
    [InlineData("SELECT CASE WHEN 1 > 2 THEN 10 END IS NULL", 1L)]
    [InlineData("SELECT CAST('42' AS INTEGER)", 42L)]
    [InlineData("SELECT CAST(3.9 AS INTEGER)", 3L)]
    public void Integer_expressions(string sql, long expected)
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal(expected, c.ExecuteScalar<long>(sql));
    }

    [Theory]
    [InlineData("SELECT 7.0 / 2", 3.5)]
    [InlineData("SELECT 1 + 0.5", 1.5)]
    [InlineData("SELECT CAST(3 AS REAL)", 3.0)]
    [InlineData("SELECT CAST('2.25' AS REAL)", 2.25)]
    public void Real_expressions(string sql, double expected)
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal(expected, c.ExecuteScalar<double>(sql));
    }

    [Fact]
    public void Text_casts_and_concatenation()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal("12", c.ExecuteScalar<string>("SELECT CAST(12 AS TEXT)"));
        Assert.Equal("a1", c.ExecuteScalar<string>("SELECT 'a' || 1"));
        Assert.Equal("ab", c.ExecuteScalar<string>("SELECT @x || @y", new { x = "a", y = "b" }));
    }

    [Fact]
    public void Select_without_from_with_several_columns_and_parameters()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        var row = c.QuerySingle<(long A, string B, double C)>("SELECT 1 AS a, @b AS b, @c AS c", new { b = "x", c = 2.5 });
        Assert.Equal((1L, "x", 2.5), row);
    }
}
