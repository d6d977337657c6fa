using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Tests.Sql.Parsing;

/// <summary>The <c>OVER (…)</c> clause of window functions, as EF Core writes it.</summary>
public sealed class WindowParserTests
{
    [Fact]
    public void Partition_and_order_terms_are_kept()
    {
        WindowFunctionExpression w = Assert.IsType<WindowFunctionExpression>(
            P.Expr("ROW_NUMBER() OVER(PARTITION BY \"o\".\"CustomerId\", b ORDER BY \"o\".\"OrderDate\" DESC NULLS LAST, c)"));
        Assert.Equal("ROW_NUMBER", w.Name);
        Assert.Empty(w.Arguments);
        Assert.Equal(2, w.PartitionBy.Count);
        P.Column("o", "CustomerId", w.PartitionBy[0]);
        P.Column(null, "b", w.PartitionBy[1]);
        Assert.Equal(2, w.OrderBy.Count);
        P.Column("o", "OrderDate", w.OrderBy[0].Expression);
        Assert.True(w.OrderBy[0].Descending);
        Assert.Equal(NullsOrder.Last, w.OrderBy[0].Nulls);
        Assert.False(w.OrderBy[1].Descending);
        Assert.Equal((1, 8), (w.SourceLine, w.SourceColumn));
    }

    [Fact]
    public void An_empty_window_and_an_alias_named_over()
    {
        WindowFunctionExpression w = Assert.IsType<WindowFunctionExpression>(P.Expr("rank() over ()"));
        Assert.Equal("RANK", w.Name);
        Assert.Empty(w.PartitionBy);
        Assert.Empty(w.OrderBy);
        SelectItem item = P.Select("SELECT count(*) over FROM t").Items[0];
        Assert.IsType<FunctionCallExpression>(item.Expression);
        Assert.Equal("over", item.Alias);
    }

    [Theory]
    [InlineData("SELECT ROW_NUMBER() OVER (ORDER BY a ROWS UNBOUNDED PRECEDING) FROM t")]
    [InlineData("SELECT ROW_NUMBER() OVER (PARTITION a) FROM t")]
    [InlineData("SELECT COUNT(DISTINCT a) OVER () FROM t")]
    public void Unsupported_window_syntax_fails_with_a_position(string sql) => P.Fails(sql);
}
