using System.Data.Common;
using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Execution.Operators;

/// <summary>
/// OFFSET handed down to the scan (<c>Limit</c> → <c>Project</c> → access path): skipped index entries are not looked up
/// and skipped table entries not decoded, while a filter, a sort or DISTINCT above the scan still sees every row. Each
/// plan shape is checked against the same rows computed in memory, and EXPLAIN shows where the skip happens.
/// </summary>
public sealed class LimitOffsetTests : IClassFixture<ConnectionFixture>
{
    private const int Rows = 200;
    private const string SkippedInScan = "(skipped rows not read)";

    private readonly LightningConnection _connection;

    public LimitOffsetTests(ConnectionFixture fixture)
    {
        _connection = fixture.Connection;
        _connection.Exec("""
            CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, cat INTEGER NOT NULL, name TEXT NOT NULL, price REAL);
            CREATE INDEX IF NOT EXISTS ix_items_cat ON items (cat);
            CREATE TABLE IF NOT EXISTS lines (ord INTEGER, line INTEGER, qty INTEGER, PRIMARY KEY (ord, line));
            """);
        if (_connection.ExecuteScalar<long>("SELECT count(*) FROM items") == Rows) return;
        _connection.Execute("INSERT INTO lines VALUES (@ord, @line, @qty)",
            Enumerable.Range(0, 200).Select(i => new { ord = i / 50 + 1, line = i % 50 + 1, qty = i }));
        using DbTransaction transaction = _connection.BeginTransaction();
        _connection.Execute("INSERT INTO items VALUES (@id, @cat, @name, @price)",
            Enumerable.Range(1, Rows).Select(i => new { id = i, cat = i % 4, name = Name(i), price = i * 0.5 }), transaction);
        transaction.Commit();
    }

    // Long enough that fetching and decoding a skipped row would allocate far more than passing over its index entry.
    private static string Name(int id) => $"item {id:D3} " + new string((char)('a' + id % 26), 60);

    private static IEnumerable<int> Ids => Enumerable.Range(1, Rows);

    private List<long> Query(string sql, object? args = null) => _connection.Query<long>(sql, args).ToList();

    private string Plan(string sql, object? args = null) => string.Join("\n", _connection.Query<string>("EXPLAIN " + sql, args));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)]
    [InlineData(45)]
    [InlineData(49)]
    [InlineData(50)]
    [InlineData(180)]
    public void Index_range_with_offset_returns_the_rows_after_the_skipped_ones(int skip)
    {
        const string sql = "SELECT id FROM items WHERE cat = 2 ORDER BY id LIMIT 10 OFFSET @skip";
        long[] expected = Ids.Where(i => i % 4 == 2).Skip(skip).Take(10).Select(i => (long)i).ToArray();
        Assert.Equal(expected, Query(sql, new { skip }));
        string plan = Plan(sql, new { skip });
        Assert.Contains("IndexRangeScan ix_items_cat", plan);
        Assert.Contains(SkippedInScan, plan);
        Assert.DoesNotContain("Sort", plan);
    }

    [Fact]
    public void Rows_after_the_offset_are_read_in_full()
    {
        var rows = _connection.Query<(long Id, long Cat, string Name, double Price)>(
            "SELECT id, cat, name, price FROM items WHERE cat = 1 ORDER BY id LIMIT 2 OFFSET 30").ToList();
        Assert.Equal([(121L, 1L, Name(121), 60.5), (125L, 1L, Name(125), 62.5)], rows);
    }

    [Fact]
    public void Key_range_and_full_scan_with_offset()
    {
        // Equality on the leading key column is applied exactly by the range: nothing filters above the scan.
        const string equality = "SELECT line FROM lines WHERE ord = 3 ORDER BY line LIMIT 5 OFFSET 30";
        Assert.Equal([31L, 32, 33, 34, 35], Query(equality));
        Assert.Contains("KeyRangeScan lines", Plan(equality));
        Assert.Contains(SkippedInScan, Plan(equality));
        Assert.Equal([40L, 39, 38], Query("SELECT line FROM lines WHERE ord = 2 ORDER BY line DESC LIMIT 3 OFFSET 10"));
        // A range bound stays in a filter too (a bound of another type cannot be applied by the key range), so there
        // the skipped rows are still read and filtered.
        const string range = "SELECT id FROM items WHERE id BETWEEN 51 AND 150 ORDER BY id LIMIT 5 OFFSET 30";
        Assert.Equal([81L, 82, 83, 84, 85], Query(range));
        Assert.Contains("KeyRangeScan items", Plan(range));
        Assert.DoesNotContain(SkippedInScan, Plan(range));
        Assert.Equal([81L, 82], Query("SELECT id FROM items WHERE id > @low ORDER BY id LIMIT 2 OFFSET 30", new { low = "50" }));
        Assert.Equal([198L, 199, 200], Query("SELECT id FROM items ORDER BY id LIMIT 3 OFFSET 197"));
        Assert.Equal([198L, 199, 200], Query("SELECT id FROM items LIMIT 10 OFFSET 197"));
        Assert.Contains(SkippedInScan, Plan("SELECT id FROM items LIMIT 10 OFFSET 197"));
        // An IN list is several ranges: the skip crosses from one into the next.
        long[] expected = Ids.Where(i => i % 4 is 1 or 3).OrderBy(i => i % 4).ThenBy(i => i).Skip(48).Take(5).Select(i => (long)i).ToArray();
        Assert.Equal(expected, Query("SELECT id FROM items WHERE cat IN (3, 1) ORDER BY cat, id LIMIT 5 OFFSET 48"));
    }

    [Fact]
    public void A_filter_on_other_columns_still_sees_the_skipped_rows()
    {
        const string sql = "SELECT id FROM items WHERE cat = 1 AND name LIKE '%7 %' ORDER BY id LIMIT 3 OFFSET 2";
        long[] expected = Ids.Where(i => i % 4 == 1 && Name(i).Contains("7 ")).Skip(2).Take(3).Select(i => (long)i).ToArray();
        Assert.Equal(3, expected.Length);
        Assert.Equal(expected, Query(sql));
        string plan = Plan(sql);
        Assert.Contains("Filter", plan);
        Assert.DoesNotContain(SkippedInScan, plan);
    }

    [Fact]
    public void Order_not_served_by_the_scan_sorts_before_skipping()
    {
        const string sql = "SELECT id FROM items WHERE cat = 0 ORDER BY price DESC LIMIT 4 OFFSET 10";
        long[] expected = Ids.Where(i => i % 4 == 0).OrderByDescending(i => i).Skip(10).Take(4).Select(i => (long)i).ToArray();
        Assert.Equal(expected, Query(sql));
        string plan = Plan(sql);
        Assert.Contains("Sort", plan);
        Assert.DoesNotContain(SkippedInScan, plan);
        Assert.Equal([2L, 3], Query("SELECT DISTINCT cat FROM items ORDER BY cat LIMIT 5 OFFSET 2"));
        Assert.Equal([50L], Query("SELECT count(*) FROM items WHERE cat = 3 LIMIT 1 OFFSET 0"));
        Assert.Empty(Query("SELECT count(*) FROM items WHERE cat = 3 LIMIT 1 OFFSET 1"));
    }

    [Fact]
    public void Reverse_scans_skip_from_the_end()
    {
        long[] expected = Ids.Where(i => i % 4 == 3).Reverse().Skip(10).Take(4).Select(i => (long)i).ToArray();
        Assert.Equal(expected, Query("SELECT id FROM items WHERE cat = 3 ORDER BY id DESC LIMIT 4 OFFSET 10"));
        Assert.Contains("REVERSE", Plan("SELECT id FROM items WHERE cat = 3 ORDER BY id DESC LIMIT 4 OFFSET 10"));
        Assert.Equal([10L, 9, 8], Query("SELECT id FROM items ORDER BY id DESC LIMIT 3 OFFSET 190"));
    }

    [Fact]
    public void Offset_at_or_past_the_end_returns_nothing()
    {
        Assert.Empty(Query("SELECT id FROM items WHERE cat = 2 ORDER BY id LIMIT 10 OFFSET 50"));
        Assert.Empty(Query("SELECT id FROM items WHERE cat = 2 ORDER BY id LIMIT 10 OFFSET 1000"));
        Assert.Empty(Query("SELECT id FROM items LIMIT 10 OFFSET 200"));
        Assert.Empty(Query("SELECT id FROM items WHERE id > 190 LIMIT 10 OFFSET 10"));
        Assert.Equal([194L, 198], Query("SELECT id FROM items WHERE cat = 2 ORDER BY id LIMIT -1 OFFSET 48"));
        Assert.Equal([2L, 6], Query("SELECT id FROM items WHERE cat = 2 ORDER BY id LIMIT 2 OFFSET -5"));
    }

    [Fact]
    public void One_cached_plan_serves_changing_limits_and_offsets()
    {
        // EF Core's page query: quoted names, LIMIT and OFFSET as parameters; run in an order that reuses the plan after an
        // execution that ran off the end.
        const string sql = "SELECT \"i\".\"id\", \"i\".\"name\" FROM \"items\" AS \"i\" WHERE \"i\".\"cat\" = @cat ORDER BY \"i\".\"id\" LIMIT @p OFFSET @p0";
        foreach ((int cat, int take, int skip) in new[] { (2, 20, 180), (2, 20, 0), (1, 5, 45), (1, 5, 48), (0, 20, 20), (3, 1, 49) })
        {
            var expected = Ids.Where(i => i % 4 == cat).Skip(skip).Take(take).Select(i => new Item { Id = i, Name = Name(i) }).ToList();
            List<Item> page = _connection.Query<Item>(sql, new { cat, p = take, p0 = skip }).ToList();
            Assert.Equal(expected.Select(i => (i.Id, i.Name)), page.Select(i => (i.Id, i.Name)));
        }
    }

    [Fact]
    public void Derived_tables_skip_their_materialized_rows()
    {
        Assert.Equal([184L, 188, 192], Query("SELECT id FROM (SELECT id FROM items WHERE cat = 0 ORDER BY id) AS d LIMIT 3 OFFSET 45"));
        Assert.Contains(SkippedInScan, Plan("SELECT id FROM (SELECT id FROM items WHERE cat = 0 ORDER BY id) AS d LIMIT 3 OFFSET 45"));
    }

    [Fact]
    public void A_skip_inside_a_statement_that_has_moved_rows_does_not_count_them()
    {
        // The correlated subquery's index scan does not see this UPDATE's own writes, so it still lists the entries of
        // rows the statement moved to new keys; skipping must not count those rows, just as Next does not return them.
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Exec("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, g INTEGER NOT NULL, v INTEGER);
            CREATE INDEX ix_t_g ON t (g);
            INSERT INTO t VALUES (1, 1, NULL), (2, 1, NULL), (3, 1, NULL), (4, 1, NULL), (5, 2, NULL);
            """);
        c.Exec("UPDATE t SET id = id + 10, v = (SELECT u.id FROM t AS u WHERE u.g = t.g ORDER BY u.id LIMIT 1 OFFSET 1) WHERE g = 1");
        Assert.Equal([(5L, (long?)null), (11, 2), (12, 3), (13, 4), (14, null)], c.Query<(long, long?)>("SELECT id, v FROM t ORDER BY id"));
    }

    [Fact]
    public void A_deep_page_does_not_fetch_the_skipped_rows()
    {
        using DbCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT id, cat, name, price FROM items WHERE cat = @cat ORDER BY id LIMIT 5 OFFSET @skip";
        DbParameter cat = command.CreateParameter();
        cat.ParameterName = "cat";
        DbParameter skip = command.CreateParameter();
        skip.ParameterName = "skip";
        command.Parameters.Add(cat);
        command.Parameters.Add(skip);
        long Allocated(int offset)
        {
            skip.Value = offset;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                cat.Value = i % 4;
                using DbDataReader reader = command.ExecuteReader();
                while (reader.Read()) reader.GetString(2);
            }
            return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        }
        Allocated(0);
        Allocated(45);
        long perSkippedRow = (Allocated(45) - Allocated(0)) / 45;
        // Passing over an index entry costs only the engine's copy of the entry (about 50 B); fetching and decoding the
        // row as well costs about 250 B here (row key, base-row read, the 70-character name).
        Assert.True(perSkippedRow < 100, $"{perSkippedRow} B per skipped row");
    }

    private sealed class Item
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
    }
}
