using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Execution.Expressions;

/// <summary>KV-SQL's SQLite-compatible math functions: values, types, NULL handling, domain errors and argument errors.</summary>
public sealed class MathFunctionTests(ConnectionFixture fixture) : IClassFixture<ConnectionFixture>
{
    private readonly LightningConnection _connection = fixture.Connection;

    [Theory]
    [InlineData("SELECT FLOOR(2.7)", 2.0)]
    [InlineData("SELECT FLOOR(-2.5)", -3.0)]
    [InlineData("SELECT CEIL(2.1)", 3.0)]
    [InlineData("SELECT CEILING(-2.1)", -2.0)]
    [InlineData("SELECT TRUNC(-2.7)", -2.0)]
    [InlineData("SELECT POWER(2, 10)", 1024.0)]
    [InlineData("SELECT POW(9, 0.5)", 3.0)]
    [InlineData("SELECT SQRT(16)", 4.0)]
    [InlineData("SELECT SQRT('16')", 4.0)]
    [InlineData("SELECT EXP(0)", 1.0)]
    [InlineData("SELECT LN(1)", 0.0)]
    [InlineData("SELECT LOG(100)", 2.0)]
    [InlineData("SELECT LOG10(1000)", 3.0)]
    [InlineData("SELECT LOG2(8)", 3.0)]
    [InlineData("SELECT LOG(2, 8)", 3.0)]
    [InlineData("SELECT SIN(0)", 0.0)]
    [InlineData("SELECT COS(0)", 1.0)]
    [InlineData("SELECT TAN(0)", 0.0)]
    [InlineData("SELECT ASIN(1)", Math.PI / 2)]
    [InlineData("SELECT ACOS(1)", 0.0)]
    [InlineData("SELECT ATAN(1)", Math.PI / 4)]
    [InlineData("SELECT ATAN2(1, 1)", Math.PI / 4)]
    [InlineData("SELECT PI()", Math.PI)]
    [InlineData("SELECT MOD(7, 3)", 1.0)]
    [InlineData("SELECT MOD(-7.5, 2)", -1.5)]
    [InlineData("SELECT DEGREES(PI())", 180.0)]
    [InlineData("SELECT RADIANS(180)", Math.PI)]
    public void Real_results(string sql, double expected)
    {
        object? value = _connection.Scalar(sql);
        Assert.IsType<double>(value);
        Assert.Equal(expected, (double)value!, 12);
    }

    [Theory]
    [InlineData("SELECT FLOOR(5)", 5L)]
    [InlineData("SELECT CEIL(-5)", -5L)]
    [InlineData("SELECT TRUNC(7)", 7L)]
    [InlineData("SELECT SIGN(-3)", -1L)]
    [InlineData("SELECT SIGN(0.5)", 1L)]
    [InlineData("SELECT SIGN(0)", 0L)]
    public void Integer_results(string sql, long expected) => Assert.Equal(expected, _connection.Scalar(sql));

    [Theory]
    [InlineData("SELECT FLOOR(NULL)")]
    [InlineData("SELECT POWER(2, NULL)")]
    [InlineData("SELECT LOG(NULL, 8)")]
    [InlineData("SELECT SQRT(-1)")]
    [InlineData("SELECT LN(0)")]
    [InlineData("SELECT LOG10(-5)")]
    [InlineData("SELECT ASIN(2)")]
    [InlineData("SELECT MOD(1, 0)")]
    public void Null_in_or_outside_the_domain_is_null(string sql) => Assert.Equal(DBNull.Value, _connection.Scalar(sql));

    [Fact]
    public void Functions_work_over_columns_and_in_where()
    {
        _connection.Exec("CREATE TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY, x REAL); DELETE FROM m; INSERT INTO m VALUES (1, 1.5), (2, -2.5), (3, 4.0), (4, NULL);");
        Assert.Equal([1L, 3L], Ids("SELECT id FROM m WHERE FLOOR(x) > 0 ORDER BY id"));
        Assert.Equal([3L, 2L, 1L], Ids("SELECT id FROM m WHERE x IS NOT NULL ORDER BY ABS(x) DESC, id"));
        Assert.Equal(2.0, _connection.Scalar("SELECT SQRT(x) FROM m WHERE id = 3"));
    }

    [Theory]
    [InlineData("SELECT SQRT('abc')", 1, 8)]
    [InlineData("SELECT 1,\n  FLOOR(X'00')", 2, 3)]
    public void Non_numbers_fail_with_the_call_position(string sql, int line, int column)
    {
        var error = Assert.Throws<LightningSqlException>(() => _connection.Scalar(sql));
        Assert.Equal(LightningErrorCode.SqlTypeMismatch, error.Code);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("SELECT FLOOR()")]
    [InlineData("SELECT POWER(2)")]
    [InlineData("SELECT PI(1)")]
    [InlineData("SELECT LOG(1, 2, 3)")]
    public void Wrong_argument_counts_fail_at_bind_time(string sql)
    {
        var error = Assert.Throws<LightningSqlException>(() => _connection.Scalar(sql));
        Assert.Equal(LightningErrorCode.SqlUnknownObject, error.Code);
        Assert.Contains("Wrong number of arguments", error.Message);
        Assert.Equal(1, error.Line);
        Assert.Equal(8, error.Column);
    }

    private List<long> Ids(string sql)
    {
        var ids = new List<long>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }
}
