using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Sql;

/// <summary>
/// The planning rules of KV-SQL.md, checked through EXPLAIN (one row per operator). The engine's operator names
/// are PointGet, KeyRangeScan, IndexRangeScan, FullScan, Filter, Limit and Sort.
/// </summary>
public sealed class ExplainTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, name TEXT);
            CREATE TABLE c (x INTEGER, y TEXT, v TEXT, PRIMARY KEY (x, y));
            CREATE INDEX ix_a ON t (a);
            CREATE TABLE s (code TEXT PRIMARY KEY, v INTEGER);
            """);
        c.Execute("INSERT INTO t VALUES (@id, @a, @name)", Enumerable.Range(1, 20).Select(i => new { id = i, a = i % 5, name = $"n{i}" }));
        return c;
    }

    private static string Plan(LightningConnection c, string sql, object? args = null)
    {
        List<string> rows = [];
        using var reader = c.ExecuteReader("EXPLAIN " + sql, args);
        while (reader.Read())
        {
            var cells = new object[reader.FieldCount];
            reader.GetValues(cells);
            rows.Add(string.Join(" | ", cells));
        }
        Assert.NotEmpty(rows);
        return string.Join("\n", rows);
    }

    private static void Has(string plan, params string[] operators)
    {
        foreach (string op in operators) Assert.True(plan.Contains(op, StringComparison.Ordinal), $"expected {op} in plan:\n{plan}");
    }

    private static void HasNot(string plan, params string[] operators)
    {
        foreach (string op in operators) Assert.False(plan.Contains(op, StringComparison.Ordinal), $"did not expect {op} in plan:\n{plan}");
    }

    [Fact]
    public void Equality_on_whole_primary_key_is_a_point_get()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        string plan = Plan(c, "SELECT * FROM t WHERE id = 5");
        Has(plan, "PointGet");
        HasNot(plan, "FullScan", "KeyRangeScan");
        Has(Plan(c, "SELECT * FROM t WHERE id = @id", new { id = 5 }), "PointGet");
        Has(Plan(c, "SELECT v FROM c WHERE x = 1 AND y = 'a'"), "PointGet");
        Has(Plan(c, "SELECT value FROM kv WHERE key = 'k'"), "PointGet");
        Has(Plan(c, "UPDATE t SET name = 'x' WHERE id = 5"), "PointGet");
        // An IN list of whole-key values is a set of point gets.
        string inList = Plan(c, "SELECT * FROM t WHERE id IN (1, 5, 9)");
        Has(inList, "PointGet");
        HasNot(inList, "FullScan");
        Has(Plan(c, "DELETE FROM t WHERE id = 5"), "PointGet");
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE id > 5")]
    [InlineData("SELECT * FROM t WHERE id >= 5 AND id < 9")]
    [InlineData("SELECT * FROM t WHERE id BETWEEN 3 AND 7")]
    [InlineData("SELECT v FROM c WHERE x IN (1, 2)")]
    [InlineData("SELECT v FROM c WHERE x = 1")]
    [InlineData("SELECT v FROM s WHERE code LIKE 'ab%'")]
    [InlineData("SELECT key FROM kv WHERE key LIKE 'user:%'")]
    [InlineData("SELECT key FROM kv WHERE key >= 'a' AND key < 'b' ORDER BY key LIMIT 100")]
    public void Key_ranges_are_key_range_scans(string sql)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        string plan = Plan(c, sql);
        Has(plan, "KeyRangeScan");
        HasNot(plan, "FullScan", "Sort");
    }

    [Theory]
    [InlineData("SELECT id FROM t ORDER BY id DESC LIMIT 3")]
    [InlineData("SELECT id FROM t ORDER BY id LIMIT 3")]
    public void Order_by_key_with_limit_reads_only_n_rows(string sql)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        string plan = Plan(c, sql);
        Has(plan, "KeyRangeScan", "Limit");
        HasNot(plan, "Sort", "FullScan");
    }

    [Fact]
    public void Non_key_predicate_is_a_full_scan_with_a_filter()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        string plan = Plan(c, "SELECT * FROM t WHERE name = 'n3'");
        Has(plan, "FullScan", "Filter");
        HasNot(plan, "PointGet", "KeyRangeScan", "IndexRangeScan");
        Has(Plan(c, "SELECT v FROM c WHERE y = 'a'"), "FullScan", "Filter");
    }

    [Fact]
    public void Indexed_column_equality_is_an_index_range_scan()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        string plan = Plan(c, "SELECT * FROM t WHERE a = 3");
        Has(plan, "IndexRangeScan");
        HasNot(plan, "FullScan");
        Has(Plan(c, "SELECT * FROM t WHERE a BETWEEN 1 AND 2"), "IndexRangeScan");
        Assert.Equal(new long[] { 3, 8, 13, 18 }, c.Query<long>("SELECT id FROM t WHERE a = 3 ORDER BY id"));
    }

    [Fact]
    public void Order_by_an_index_with_limit_needs_no_sort()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        string plan = Plan(c, "SELECT id FROM t ORDER BY a LIMIT 2");
        Has(plan, "IndexRangeScan", "Limit");
        HasNot(plan, "Sort");
    }

    [Fact]
    public void Order_by_a_non_key_column_sorts()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Has(Plan(c, "SELECT id FROM t ORDER BY name LIMIT 3"), "FullScan", "Sort", "Limit");
    }

    [Fact]
    public void Explain_does_not_execute()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Plan(c, "DELETE FROM t");
        Assert.Equal(20L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }
}
