namespace Lightning.Data.Tests.Sql.Parsing;

public sealed class SyntaxErrorTests
{
    [Fact]
    public void Error_names_the_unexpected_token_and_the_expectation()
    {
        LightningSqlException e = P.Fails("SELECT a FROM t WHERE");
        Assert.Contains("end of input", e.Message);
        Assert.Contains("expected an expression", e.Message);

        LightningSqlException f = P.Fails("DELETE FORM t");
        Assert.Contains("'FORM'", f.Message);
        Assert.Contains("expected FROM", f.Message);
        Assert.Equal((1, 8), (f.Line, f.Column));
    }

    [Fact]
    public void Error_on_line_two_reports_line_and_column()
    {
        LightningSqlException e = P.Fails("SELECT a\n  FROM t WHERE a = = 1");
        Assert.Equal(2, e.Line);
        Assert.Equal(20, e.Column);
        Assert.Contains("'='", e.Message);
        Assert.Contains("line 2, column 20", e.Message);
    }

    [Fact]
    public void Error_in_second_statement_reports_its_position()
    {
        LightningSqlException e = P.Fails("DELETE FROM t;\nSELECT FROM WHERE;");
        Assert.Equal((2, 8), (e.Line, e.Column));
        Assert.Contains("'FROM'", e.Message);
    }

    [Theory]
    [InlineData("SELECT 'unterminated", 1, 8)]
    [InlineData("SELECT 1;\n  SELECT 'abc", 2, 10)]
    [InlineData("SELECT \"unterminated", 1, 8)]
    [InlineData("SELECT [unterminated", 1, 8)]
    [InlineData("SELECT `x", 1, 8)]
    [InlineData("SELECT 1 /* open", 1, 10)]
    [InlineData("SELECT #", 1, 8)]
    [InlineData("SELECT a ! b", 1, 10)]
    [InlineData("SELECT 12abc", 1, 10)]
    [InlineData("SELECT 0x", 1, 8)]
    [InlineData("SELECT 0x1G", 1, 11)]
    [InlineData("SELECT @", 1, 8)]
    [InlineData("SELECT X'01", 1, 8)]
    public void Tokenizer_errors_have_positions(string sql, int line, int column)
    {
        LightningSqlException e = P.Fails(sql);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith("Syntax error near", e.Message);
    }

    [Theory]
    [InlineData("SELECT")]
    [InlineData("SELECT 1 +")]
    [InlineData("SELECT (1")]
    [InlineData("SELECT 1)")]
    [InlineData("SELECT a FROM")]
    [InlineData("SELECT * FROM t ORDER a")]
    [InlineData("SELECT * FROM t LIMIT")]
    [InlineData("SELECT t.* + 1 FROM t")]
    [InlineData("SELECT CASE END")]
    [InlineData("SELECT CAST(a)")]
    [InlineData("SELECT a NOT 1")]
    [InlineData("SELECT a BETWEEN 1")]
    [InlineData("SELECT * FROM a LEFT JOIN b")]
    [InlineData("SELECT 1 UNION")]
    [InlineData("INSERT INTO t")]
    [InlineData("INSERT INTO t VALUES")]
    [InlineData("INSERT INTO t VALUES (1")]
    [InlineData("INSERT OR FOO INTO t VALUES (1)")]
    [InlineData("INSERT INTO t VALUES (1) ON CONFLICT DO")]
    [InlineData("UPDATE t SET")]
    [InlineData("UPDATE t SET a")]
    [InlineData("DELETE t")]
    [InlineData("FOO BAR")]
    [InlineData("SELECT 1 SELECT 2")]
    [InlineData("EXPLAIN")]
    [InlineData("EXPLAIN EXPLAIN SELECT 1")]
    [InlineData("PRAGMA")]
    [InlineData("SELECT 0x10000000000000000")]
    public void Malformed_statements_are_syntax_errors(string sql) => P.Fails(sql);
}
