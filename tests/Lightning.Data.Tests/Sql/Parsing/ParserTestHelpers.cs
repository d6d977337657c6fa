using Lightning.Data.Sql.Parsing;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql.Parsing;

/// <summary>Shortcuts for the parser tests.</summary>
internal static class P
{
    public static Statement One(string sql)
    {
        IReadOnlyList<Statement> statements = SqlParser.Parse(sql);
        Assert.Single(statements);
        return statements[0];
    }

    public static T One<T>(string sql) where T : Statement => Assert.IsType<T>(One(sql));

    public static SelectStatement Select(string sql) => One<SelectStatement>(sql);

    /// <summary>The expression of <c>SELECT expr</c>.</summary>
    public static Expression Expr(string expression) => Select("SELECT " + expression).Items.Single().Expression;

    public static LightningSqlException Fails(string sql)
    {
        LightningSqlException error = Assert.Throws<LightningSqlException>(() => SqlParser.Parse(sql));
        Assert.Equal(LightningErrorCode.SqlSyntax, error.Code);
        Assert.True(error.Line >= 1 && error.Column >= 1, $"no position in: {error.Message}");
        return error;
    }

    public static void Integer(long expected, Expression expression)
    {
        LiteralExpression literal = Assert.IsType<LiteralExpression>(expression);
        Assert.Equal(SqlType.Integer, literal.Value.Type);
        Assert.Equal(expected, literal.Value.Integer);
    }

    public static void Real(double expected, Expression expression)
    {
        LiteralExpression literal = Assert.IsType<LiteralExpression>(expression);
        Assert.Equal(SqlType.Real, literal.Value.Type);
        Assert.Equal(expected, literal.Value.Real);
    }

    public static void Text(string expected, Expression expression)
    {
        LiteralExpression literal = Assert.IsType<LiteralExpression>(expression);
        Assert.Equal(SqlType.Text, literal.Value.Type);
        Assert.Equal(expected, literal.Value.Text);
    }

    public static void Column(string? table, string column, Expression expression)
    {
        ColumnExpression c = Assert.IsType<ColumnExpression>(expression);
        Assert.Equal(table, c.Table);
        Assert.Equal(column, c.Column);
    }

    public static BinaryExpression Binary(BinaryOperator op, Expression expression)
    {
        BinaryExpression b = Assert.IsType<BinaryExpression>(expression);
        Assert.Equal(op, b.Operator);
        return b;
    }
}
