using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Sql;

/// <summary>Every scalar function of KV-SQL.md (CHANGES and LAST_INSERT_ROWID are in InsertTests).</summary>
public sealed class FunctionTests
{
    [Theory]
    [InlineData("SELECT COALESCE(NULL, NULL, 'c', 'd')", "c")]
    [InlineData("SELECT IFNULL(NULL, 'x')", "x")]
    [InlineData("SELECT IFNULL('y', 'x')", "y")]
    [InlineData("SELECT LOWER('AbC')", "abc")]
    [InlineData("SELECT UPPER('AbC')", "ABC")]
    [InlineData("SELECT TRIM('  a b  ')", "a b")]
    [InlineData("SELECT LTRIM('  a ')", "a ")]
    [InlineData("SELECT RTRIM('  a ')", "  a")]
    [InlineData("SELECT TRIM('xxaxx', 'x')", "a")]
    [InlineData("SELECT SUBSTR('hello', 2, 3)", "ell")]
    [InlineData("SELECT SUBSTR('hello', 3)", "llo")]
    [InlineData("SELECT SUBSTR('hello', -3, 2)", "ll")]
    [InlineData("SELECT REPLACE('a-b-c', '-', '+')", "a+b+c")]
    public void Text_functions(string sql, string expected)
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal(expected, c.ExecuteScalar<string>(sql));
    }

    [Theory]
    [InlineData("SELECT ABS(-5)", 5L)]
    [InlineData("SELECT ABS(5)", 5L)]
    [InlineData("SELECT LENGTH('héllo')", 5L)]
    [InlineData("SELECT LENGTH(X'0102')", 2L)]
    [InlineData("SELECT LENGTH(12345)", 5L)]
    [InlineData("SELECT INSTR('hello', 'll')", 3L)]
    [InlineData("SELECT INSTR('hello', 'z')", 0L)]
    [InlineData("SELECT COALESCE(NULL, 2)", 2L)]
    [InlineData("SELECT NULLIF(1, 2)", 1L)]
    public void Integer_functions(string sql, long expected)
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal(expected, c.ExecuteScalar<long>(sql));
    }

    [Theory]
    [InlineData("SELECT ABS(-2.5)", 2.5)]
    [InlineData("SELECT ROUND(2.567, 2)", 2.57)]
    [InlineData("SELECT ROUND(2.5)", 3.0)]
    [InlineData("SELECT ROUND(-2.5)", -3.0)]
    public void Real_functions(string sql, double expected)
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal(expected, c.ExecuteScalar<double>(sql), 10);
    }

    [Theory]
    [InlineData("SELECT NULLIF(2, 2)")]
    [InlineData("SELECT ABS(NULL)")]
    [InlineData("SELECT LENGTH(NULL)")]
    [InlineData("SELECT UPPER(NULL)")]
    [InlineData("SELECT SUBSTR(NULL, 1)")]
    [InlineData("SELECT COALESCE(NULL, NULL)")]
    [InlineData("SELECT ROUND(NULL)")]
    public void Functions_of_null_are_null(string sql)
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal(DBNull.Value, c.Scalar(sql));
    }

    [Fact]
    public void Functions_over_columns_and_in_where()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO p VALUES (1, ' Ann '), (2, 'bob'), (3, NULL);");
        Assert.Equal(new[] { "ANN", "BOB", "?" }, c.Query<string>("SELECT COALESCE(UPPER(TRIM(name)), '?') FROM p ORDER BY id"));
        Assert.Equal(new long[] { 2 }, c.Query<long>("SELECT id FROM p WHERE LENGTH(name) = 3"));
        Assert.Equal(new long[] { 1 }, c.Query<long>("SELECT id FROM p WHERE INSTR(LOWER(name), 'ann') > 0"));
    }

    [Fact]
    public void Function_names_are_case_insensitive()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        Assert.Equal("A", c.ExecuteScalar<string>("select upper('a')"));
        Assert.Equal(3L, c.ExecuteScalar<long>("select Length('abc')"));
    }
}
