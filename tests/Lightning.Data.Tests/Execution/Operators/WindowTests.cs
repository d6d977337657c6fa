using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Execution.Operators;

/// <summary>ROW_NUMBER, RANK and DENSE_RANK OVER (PARTITION BY … ORDER BY …), directly and inside derived tables — the
/// shapes EF Core generates for GroupBy(…).Select(g =&gt; g.First()) and Include with Take.</summary>
public sealed class WindowTests : IClassFixture<ConnectionFixture>
{
    private readonly LightningConnection _connection;

    public WindowTests(ConnectionFixture fixture)
    {
        _connection = fixture.Connection;
        _connection.Exec("""
            CREATE TABLE IF NOT EXISTS emp (id INTEGER PRIMARY KEY, dept TEXT, salary INTEGER);
            DELETE FROM emp;
            INSERT INTO emp VALUES (1, 'a', 100), (2, 'a', 200), (3, 'a', 200), (4, 'b', 50), (5, 'b', 70), (6, NULL, 10);
            CREATE TABLE IF NOT EXISTS dept (name TEXT PRIMARY KEY);
            DELETE FROM dept;
            INSERT INTO dept VALUES ('a'), ('b'), ('c');
            """);
    }

    [Fact]
    public void Row_number_rank_and_dense_rank_per_partition()
    {
        List<(long, long, long, long)> rows = Query(
            "SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC, id), RANK() OVER (PARTITION BY dept ORDER BY salary DESC), " +
            "DENSE_RANK() OVER (PARTITION BY dept ORDER BY salary DESC) FROM emp ORDER BY id",
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)));
        Assert.Equal([(1L, 3L, 3L, 2L), (2, 1, 1, 1), (3, 2, 1, 1), (4, 2, 2, 2), (5, 1, 1, 1), (6, 1, 1, 1)], rows);
    }

    [Fact]
    public void Without_partition_the_whole_result_is_one_window_and_ties_keep_input_order()
    {
        Assert.Equal([(6L, 1L), (4, 2), (5, 3), (1, 4), (2, 5), (3, 6)],
            Query("SELECT id, ROW_NUMBER() OVER (ORDER BY salary) AS n FROM emp ORDER BY n", r => (r.GetInt64(0), r.GetInt64(1))));
        Assert.Equal([1L, 2, 3, 4, 5, 6], Query("SELECT ROW_NUMBER() OVER () FROM emp ORDER BY 1", r => r.GetInt64(0)));
    }

    [Fact]
    public void Order_by_a_window_function_and_arithmetic_over_it()
    {
        Assert.Equal([2L, 3, 1, 5, 4, 6], Query("SELECT id FROM emp ORDER BY ROW_NUMBER() OVER (ORDER BY salary DESC, id)", r => r.GetInt64(0)));
        Assert.Equal([0L, 1, 2], Query("SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 FROM emp WHERE dept = 'a' ORDER BY id", r => r.GetInt64(0)));
    }

    [Fact]
    public void Derived_table_keeps_the_top_row_per_partition()
    {
        Assert.Equal([2L, 5, 6], Query(
            "SELECT t.id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS row FROM emp) AS t WHERE t.row <= 1 ORDER BY t.id",
            r => r.GetInt64(0)));
    }

    [Fact]
    public void Left_join_to_a_numbered_derived_table_like_ef_cores_group_first()
    {
        List<(string, long?)> rows = Query("""
            SELECT d.name, t0.id
            FROM dept AS d
            LEFT JOIN (
                SELECT t1.id, t1.dept FROM (
                    SELECT e.id, e.dept, ROW_NUMBER() OVER(PARTITION BY e.dept ORDER BY e.salary) AS row
                    FROM emp AS e
                ) AS t1
                WHERE t1.row <= 1
            ) AS t0 ON d.name = t0.dept
            ORDER BY d.name
            """, r => (r.GetString(0), r.IsDBNull(1) ? (long?)null : r.GetInt64(1)));
        Assert.Equal([("a", 1L), ("b", 4L), ("c", null)], rows);
    }

    [Fact]
    public void A_parameterized_window_query_runs_again_with_new_values()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY id) AS row FROM emp WHERE salary >= @min) AS t WHERE t.row <= @n";
        var min = command.CreateParameter();
        min.ParameterName = "@min";
        var n = command.CreateParameter();
        n.ParameterName = "@n";
        command.Parameters.Add(min);
        command.Parameters.Add(n);
        (min.Value, n.Value) = (0, 1);
        Assert.Equal(3L, command.ExecuteScalar());
        (min.Value, n.Value) = (0, 2);
        Assert.Equal(5L, command.ExecuteScalar());
        (min.Value, n.Value) = (60, 2);
        Assert.Equal(3L, command.ExecuteScalar());
    }

    [Fact]
    public void Partition_by_a_nocase_term_groups_ignoring_ascii_case()
    {
        Assert.Equal([(1L, 1L), (2, 2), (3, 1)], Query(
            "SELECT id, ROW_NUMBER() OVER (PARTITION BY name COLLATE NOCASE ORDER BY id) FROM (SELECT 1 AS id, 'Ann' AS name UNION ALL SELECT 2, 'ANN' UNION ALL SELECT 3, 'Bob') AS n ORDER BY id",
            r => (r.GetInt64(0), r.GetInt64(1))));
        Assert.Equal([(1L, 1L), (2, 1), (3, 1)], Query(
            "SELECT id, ROW_NUMBER() OVER (PARTITION BY name ORDER BY id) FROM (SELECT 1 AS id, 'Ann' AS name UNION ALL SELECT 2, 'ANN' UNION ALL SELECT 3, 'Bob') AS n ORDER BY id",
            r => (r.GetInt64(0), r.GetInt64(1))));
    }

    [Fact]
    public void Explain_shows_the_window_operator()
    {
        List<string> plan = Query("EXPLAIN SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC) FROM emp", r => r.GetString(r.FieldCount - 1));
        Assert.Contains(plan, line => line.Contains("Window ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SELECT id FROM emp WHERE ROW_NUMBER() OVER (ORDER BY id) = 1", LightningErrorCode.SqlInvalidOperation, 26)]
    [InlineData("SELECT SUM(salary) OVER (PARTITION BY dept) FROM emp", LightningErrorCode.SqlUnknownObject, 8)]
    [InlineData("SELECT dept, ROW_NUMBER() OVER (ORDER BY dept) FROM emp GROUP BY dept", LightningErrorCode.SqlInvalidOperation, 14)]
    [InlineData("SELECT ROW_NUMBER(1) OVER () FROM emp", LightningErrorCode.SqlUnknownObject, 8)]
    [InlineData("SELECT ROW_NUMBER() OVER (ROWS UNBOUNDED PRECEDING) FROM emp", LightningErrorCode.SqlSyntax, 27)]
    public void Misuse_fails_with_a_position(string sql, LightningErrorCode code, int column)
    {
        var error = Assert.Throws<LightningSqlException>(() => _connection.Scalar(sql));
        Assert.Equal(code, error.Code);
        Assert.Equal((1, column), (error.Line, error.Column));
    }

    [Fact]
    public void Over_is_still_usable_as_a_column_alias()
    {
        Assert.Equal(6L, _connection.Scalar("SELECT COUNT(*) over FROM emp"));
    }

    private List<T> Query<T>(string sql, Func<System.Data.Common.DbDataReader, T> read)
    {
        var rows = new List<T>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
