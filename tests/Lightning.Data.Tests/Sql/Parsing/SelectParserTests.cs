using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Tests.Sql.Parsing;

public sealed class SelectParserTests
{
    [Fact]
    public void Select_without_from()
    {
        SelectStatement s = P.Select("SELECT 1");
        Assert.False(s.Distinct);
        Assert.Null(s.From);
        Assert.Empty(s.Joins);
        Assert.Empty(s.GroupBy);
        Assert.Empty(s.OrderBy);
        Assert.Empty(s.Compound);
        Assert.Null(s.Where);
        Assert.Null(s.Limit);
        Assert.Equal((1, 1), (s.SourceLine, s.SourceColumn));
    }

    [Fact]
    public void Keywords_as_identifiers_on_the_kv_table()
    {
        SelectStatement s = P.Select("SELECT key, value FROM kv WHERE key >= @lo AND key < @hi ORDER BY key LIMIT 100");
        P.Column(null, "key", s.Items[0].Expression);
        P.Column(null, "value", s.Items[1].Expression);
        NamedTable kv = Assert.IsType<NamedTable>(s.From);
        Assert.Equal("kv", kv.Name);
        Assert.Null(kv.Alias);
        Assert.Equal((1, 24), (kv.SourceLine, kv.SourceColumn));
        P.Binary(BinaryOperator.And, s.Where!);
        P.Column(null, "key", s.OrderBy.Single().Expression);
        P.Integer(100, s.Limit!);
    }

    [Fact]
    public void Select_items_stars_and_aliases()
    {
        SelectStatement s = P.Select("SELECT *, t.*, a AS x, b y, c \"quoted alias\", 1 one, d AS 'str' FROM t");
        Assert.Null(Assert.IsType<StarExpression>(s.Items[0].Expression).Table);
        Assert.Equal("t", Assert.IsType<StarExpression>(s.Items[1].Expression).Table);
        Assert.Equal(["x", "y", "quoted alias", "one", "str"], s.Items.Skip(2).Select(i => i.Alias));
        Assert.Null(s.Items[0].Alias);
    }

    [Fact]
    public void Distinct_and_all()
    {
        Assert.True(P.Select("SELECT DISTINCT a FROM t").Distinct);
        Assert.False(P.Select("SELECT ALL a FROM t").Distinct);
    }

    [Fact]
    public void Table_aliases_and_derived_tables()
    {
        NamedTable t = Assert.IsType<NamedTable>(P.Select("SELECT \"b\".\"Id\" FROM \"Blogs\" AS \"b\"").From);
        Assert.Equal(("Blogs", "b"), (t.Name, t.Alias));
        Assert.Equal("x", Assert.IsType<NamedTable>(P.Select("SELECT 1 FROM t x").From).Alias);
        DerivedTable d = Assert.IsType<DerivedTable>(P.Select("SELECT s.a FROM (SELECT a FROM t WHERE a > 1) AS s").From);
        Assert.Equal("s", d.Alias);
        Assert.NotNull(d.Query.Where);
    }

    [Fact]
    public void Joins()
    {
        SelectStatement s = P.Select(
            "SELECT * FROM a INNER JOIN b ON a.id = b.id JOIN c ON c.x = a.x LEFT JOIN d ON 1 LEFT OUTER JOIN e AS ee ON 1 CROSS JOIN f, g");
        Assert.Equal(
            [JoinKind.Inner, JoinKind.Inner, JoinKind.Left, JoinKind.Left, JoinKind.Cross, JoinKind.Cross],
            s.Joins.Select(j => j.Kind));
        Assert.Equal(["b", "c", "d", "e", "f", "g"], s.Joins.Select(j => ((NamedTable)j.Table).Name));
        Assert.Equal("ee", ((NamedTable)s.Joins[3].Table).Alias);
        P.Binary(BinaryOperator.Equal, s.Joins[0].On!);
        Assert.Null(s.Joins[4].On);
        Assert.Null(s.Joins[5].On);
    }

    [Fact]
    public void Where_group_by_having()
    {
        SelectStatement s = P.Select("SELECT a, COUNT(*) FROM t WHERE b = 1 GROUP BY a, c HAVING COUNT(*) > 1");
        Assert.NotNull(s.Where);
        Assert.Equal(2, s.GroupBy.Count);
        P.Binary(BinaryOperator.Greater, s.Having!);
    }

    [Fact]
    public void Order_by_terms()
    {
        SelectStatement s = P.Select("SELECT * FROM t ORDER BY a, b DESC, c ASC NULLS FIRST, d DESC NULLS LAST");
        Assert.Equal([false, true, false, true], s.OrderBy.Select(o => o.Descending));
        Assert.Equal([NullsOrder.Default, NullsOrder.Default, NullsOrder.First, NullsOrder.Last], s.OrderBy.Select(o => o.Nulls));
    }

    [Fact]
    public void Limit_and_offset_forms()
    {
        SelectStatement a = P.Select("SELECT * FROM t LIMIT 10 OFFSET 5");
        P.Integer(10, a.Limit!);
        P.Integer(5, a.Offset!);
        SelectStatement b = P.Select("SELECT * FROM t LIMIT 5, 10");
        P.Integer(10, b.Limit!);
        P.Integer(5, b.Offset!);
        SelectStatement c = P.Select("SELECT * FROM t LIMIT @p");
        Assert.IsType<ParameterExpression>(c.Limit);
        Assert.Null(c.Offset);
        SelectStatement d = P.Select("SELECT * FROM t LIMIT -1 OFFSET @o");
        P.Integer(-1, d.Limit!);
    }

    [Fact]
    public void Compound_selects_hoist_order_and_limit()
    {
        SelectStatement s = P.Select("SELECT a FROM t UNION SELECT b FROM u UNION ALL SELECT c FROM v INTERSECT SELECT 1 EXCEPT SELECT 2 ORDER BY 1 DESC LIMIT 3");
        Assert.Equal(
            [CompoundOperator.Union, CompoundOperator.UnionAll, CompoundOperator.Intersect, CompoundOperator.Except],
            s.Compound.Select(c => c.Operator));
        Assert.Single(s.OrderBy);
        P.Integer(3, s.Limit!);
        Assert.All(s.Compound, c => Assert.Empty(c.Select.OrderBy));
        Assert.All(s.Compound, c => Assert.Null(c.Select.Limit));
        Assert.Equal("u", ((NamedTable)s.Compound[0].Select.From!).Name);
    }

    [Fact]
    public void Ef_core_shaped_query()
    {
        const string sql = """
            SELECT "b"."Id", "b"."Name", (
                SELECT COUNT(*)
                FROM "Posts" AS "p"
                WHERE "b"."Id" = "p"."BlogId") AS "PostCount"
            FROM "Blogs" AS "b"
            LEFT JOIN "Owners" AS "o" ON "b"."OwnerId" = "o"."Id"
            WHERE "b"."Name" LIKE @__pattern_0 ESCAPE '\' AND "b"."Rating" IS NOT NULL
                AND instr("b"."Name", @__s_1) > 0 AND "b"."Id" IN (1, 2, 3)
            ORDER BY "b"."Name" DESC, "b"."Id"
            LIMIT @__p_2 OFFSET @__p_3
            """;
        SelectStatement s = P.Select(sql);
        Assert.Equal(3, s.Items.Count);
        Assert.Equal("PostCount", s.Items[2].Alias);
        Assert.IsType<SubqueryExpression>(s.Items[2].Expression);
        Assert.Single(s.Joins);
        Assert.Equal(2, s.OrderBy.Count);
        Assert.IsType<ParameterExpression>(s.Offset);
    }

    [Fact]
    public void Source_positions_on_multiline_select()
    {
        SelectStatement s = P.Select("SELECT\n  a,\n  f(b)\nFROM\n    t");
        ColumnExpression a = Assert.IsType<ColumnExpression>(s.Items[0].Expression);
        Assert.Equal((2, 3), (a.SourceLine, a.SourceColumn));
        FunctionCallExpression f = Assert.IsType<FunctionCallExpression>(s.Items[1].Expression);
        Assert.Equal((3, 3), (f.SourceLine, f.SourceColumn));
        NamedTable t = Assert.IsType<NamedTable>(s.From);
        Assert.Equal((5, 5), (t.SourceLine, t.SourceColumn));
    }
}
