using Lightning.Data.Sql.Parsing;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;

namespace Lightning.Data.Tests.Sql.Parsing;

public sealed class ExpressionParserTests
{
    [Fact]
    public void Integer_literals()
    {
        P.Integer(42, P.Expr("42"));
        P.Integer(9223372036854775807, P.Expr("9223372036854775807"));
        P.Integer(0x1F, P.Expr("0x1F"));
        P.Integer(255, P.Expr("0XfF"));
        P.Integer(-1, P.Expr("0xFFFFFFFFFFFFFFFF"));
    }

    [Fact]
    public void Integer_overflow_becomes_real()
    {
        P.Real(9223372036854775808d, P.Expr("9223372036854775808"));
        P.Real(1e20, P.Expr("100000000000000000000"));
    }

    [Fact]
    public void Negative_numbers_fold_including_long_min()
    {
        P.Integer(-5, P.Expr("-5"));
        P.Real(-1.5, P.Expr("-1.5"));
        P.Integer(long.MinValue, P.Expr("-9223372036854775808"));
        P.Integer(long.MinValue, P.Expr("- 9223372036854775808"));
        P.Real(-9223372036854775809d, P.Expr("-9223372036854775809"));
        BinaryExpression product = P.Binary(BinaryOperator.Multiply, P.Expr("-2 * 3"));
        P.Integer(-2, product.Left);
    }

    [Fact]
    public void Real_literals()
    {
        P.Real(1.5, P.Expr("1.5"));
        P.Real(0.5, P.Expr(".5"));
        P.Real(1e10, P.Expr("1e10"));
        P.Real(2.5e-3, P.Expr("2.5E-3"));
        P.Real(1.0, P.Expr("1."));
    }

    [Fact]
    public void Text_blob_boolean_and_null_literals()
    {
        P.Text("it's", P.Expr("'it''s'"));
        P.Text("", P.Expr("''"));
        LiteralExpression blob = Assert.IsType<LiteralExpression>(P.Expr("X'0A1b'"));
        Assert.Equal(SqlType.Blob, blob.Value.Type);
        Assert.Equal(new byte[] { 0x0A, 0x1B }, blob.Value.Blob);
        Assert.Empty(Assert.IsType<LiteralExpression>(P.Expr("x''")).Value.Blob);
        P.Integer(1, P.Expr("TRUE"));
        P.Integer(0, P.Expr("false"));
        Assert.True(Assert.IsType<LiteralExpression>(P.Expr("NULL")).Value.IsNull);
    }

    [Theory]
    [InlineData("X'0A1'")]
    [InlineData("X'GG'")]
    [InlineData("X'0A")]
    public void Bad_blobs_are_syntax_errors(string blob) => P.Fails("SELECT " + blob);

    [Fact]
    public void Parameters()
    {
        Assert.Equal(new ParameterExpression("id", -1), P.Expr("@id") with { SourceLine = 0, SourceColumn = 0 });
        Assert.Equal("p1", Assert.IsType<ParameterExpression>(P.Expr(":p1")).Name);
        Assert.Equal("x_y", Assert.IsType<ParameterExpression>(P.Expr("$x_y")).Name);
        ParameterExpression positional = Assert.IsType<ParameterExpression>(P.Expr("?"));
        Assert.Null(positional.Name);
        Assert.Equal(0, positional.Position);
        Assert.Equal(1, positional.SourceLine);
        Assert.Equal(8, positional.SourceColumn);
    }

    [Fact]
    public void Positional_parameters_are_numbered_across_statements()
    {
        IReadOnlyList<Statement> statements = SqlParser.Parse("SELECT ?, ?; INSERT INTO t VALUES (?, @n, ?); SELECT ?");
        var positions = new List<int>();
        SelectStatement first = Assert.IsType<SelectStatement>(statements[0]);
        positions.AddRange(first.Items.Select(i => Assert.IsType<ParameterExpression>(i.Expression).Position));
        InsertStatement insert = Assert.IsType<InsertStatement>(statements[1]);
        positions.AddRange(insert.Rows![0].OfType<ParameterExpression>().Where(p => p.Name is null).Select(p => p.Position));
        positions.Add(Assert.IsType<ParameterExpression>(Assert.IsType<SelectStatement>(statements[2]).Items[0].Expression).Position);
        Assert.Equal([0, 1, 2, 3, 4], positions);
    }

    [Fact]
    public void Multiplication_binds_tighter_than_addition()
    {
        BinaryExpression sum = P.Binary(BinaryOperator.Add, P.Expr("1 + 2 * 3"));
        P.Integer(1, sum.Left);
        BinaryExpression product = P.Binary(BinaryOperator.Multiply, sum.Right);
        P.Integer(2, product.Left);
        P.Integer(3, product.Right);
    }

    [Fact]
    public void Binary_operators_are_left_associative()
    {
        BinaryExpression outer = P.Binary(BinaryOperator.Subtract, P.Expr("10 - 4 - 3"));
        BinaryExpression inner = P.Binary(BinaryOperator.Subtract, outer.Left);
        P.Integer(10, inner.Left);
        P.Integer(3, outer.Right);
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        BinaryExpression or = P.Binary(BinaryOperator.Or, P.Expr("a OR b AND c"));
        P.Column(null, "a", or.Left);
        BinaryExpression and = P.Binary(BinaryOperator.And, or.Right);
        P.Column(null, "b", and.Left);
        P.Column(null, "c", and.Right);
    }

    [Fact]
    public void Not_binds_looser_than_equality()
    {
        UnaryExpression not = Assert.IsType<UnaryExpression>(P.Expr("NOT a = b"));
        Assert.Equal(UnaryOperator.Not, not.Operator);
        P.Binary(BinaryOperator.Equal, not.Operand);
        BinaryExpression and = P.Binary(BinaryOperator.And, P.Expr("NOT a AND b"));
        Assert.IsType<UnaryExpression>(and.Left);
    }

    [Fact]
    public void Comparison_binds_tighter_than_equality_and_bitwise_between_comparison_and_addition()
    {
        BinaryExpression eq = P.Binary(BinaryOperator.Equal, P.Expr("a < b = c > d"));
        P.Binary(BinaryOperator.Less, eq.Left);
        P.Binary(BinaryOperator.Greater, eq.Right);
        BinaryExpression less = P.Binary(BinaryOperator.Less, P.Expr("a & b < c | d"));
        P.Binary(BinaryOperator.BitwiseAnd, less.Left);
        P.Binary(BinaryOperator.BitwiseOr, less.Right);
        BinaryExpression shift = P.Binary(BinaryOperator.ShiftLeft, P.Expr("1 + 2 << 3 - 1"));
        P.Binary(BinaryOperator.Add, shift.Left);
        P.Binary(BinaryOperator.Subtract, shift.Right);
        P.Binary(BinaryOperator.ShiftRight, P.Expr("a >> 2"));
    }

    [Fact]
    public void Concat_binds_tighter_than_multiplication()
    {
        BinaryExpression product = P.Binary(BinaryOperator.Multiply, P.Expr("a * b || c"));
        P.Binary(BinaryOperator.Concat, product.Right);
    }

    [Theory]
    [InlineData("a = b", nameof(BinaryOperator.Equal))]
    [InlineData("a == b", nameof(BinaryOperator.Equal))]
    [InlineData("a != b", nameof(BinaryOperator.NotEqual))]
    [InlineData("a <> b", nameof(BinaryOperator.NotEqual))]
    [InlineData("a < b", nameof(BinaryOperator.Less))]
    [InlineData("a <= b", nameof(BinaryOperator.LessOrEqual))]
    [InlineData("a > b", nameof(BinaryOperator.Greater))]
    [InlineData("a >= b", nameof(BinaryOperator.GreaterOrEqual))]
    [InlineData("a + b", nameof(BinaryOperator.Add))]
    [InlineData("a - b", nameof(BinaryOperator.Subtract))]
    [InlineData("a * b", nameof(BinaryOperator.Multiply))]
    [InlineData("a / b", nameof(BinaryOperator.Divide))]
    [InlineData("a % b", nameof(BinaryOperator.Modulo))]
    [InlineData("a || b", nameof(BinaryOperator.Concat))]
    [InlineData("a & b", nameof(BinaryOperator.BitwiseAnd))]
    [InlineData("a | b", nameof(BinaryOperator.BitwiseOr))]
    [InlineData("a << b", nameof(BinaryOperator.ShiftLeft))]
    [InlineData("a >> b", nameof(BinaryOperator.ShiftRight))]
    [InlineData("a AND b", nameof(BinaryOperator.And))]
    [InlineData("a or b", nameof(BinaryOperator.Or))]
    [InlineData("a IS b", nameof(BinaryOperator.Is))]
    [InlineData("a IS NOT b", nameof(BinaryOperator.IsNot))]
    public void Binary_operators(string sql, string op)
    {
        BinaryExpression b = P.Binary(Enum.Parse<BinaryOperator>(op), P.Expr(sql));
        P.Column(null, "a", b.Left);
        P.Column(null, "b", b.Right);
    }

    [Theory]
    [InlineData("-a", nameof(UnaryOperator.Negate))]
    [InlineData("+a", nameof(UnaryOperator.Plus))]
    [InlineData("~a", nameof(UnaryOperator.BitwiseNot))]
    [InlineData("NOT a", nameof(UnaryOperator.Not))]
    public void Unary_operators(string sql, string op)
    {
        UnaryExpression u = Assert.IsType<UnaryExpression>(P.Expr(sql));
        Assert.Equal(Enum.Parse<UnaryOperator>(op), u.Operator);
        P.Column(null, "a", u.Operand);
    }

    [Fact]
    public void Unary_minus_binds_tighter_than_concat_and_collate_tighter_than_unary()
    {
        BinaryExpression concat = P.Binary(BinaryOperator.Concat, P.Expr("-a || b"));
        Assert.IsType<UnaryExpression>(concat.Left);
        UnaryExpression negate = Assert.IsType<UnaryExpression>(P.Expr("-a COLLATE nocase"));
        CollateExpression collate = Assert.IsType<CollateExpression>(negate.Operand);
        Assert.Equal("nocase", collate.Collation);
    }

    [Theory]
    [InlineData("a IS NULL", false)]
    [InlineData("a IS NOT NULL", true)]
    [InlineData("a ISNULL", false)]
    [InlineData("a NOTNULL", true)]
    [InlineData("a NOT NULL", true)]
    public void Null_tests(string sql, bool negated)
    {
        IsNullExpression e = Assert.IsType<IsNullExpression>(P.Expr(sql));
        Assert.Equal(negated, e.Negated);
        P.Column(null, "a", e.Operand);
    }

    [Fact]
    public void In_lists_and_subqueries()
    {
        InListExpression list = Assert.IsType<InListExpression>(P.Expr("a IN (1, 2, 3)"));
        Assert.False(list.Negated);
        Assert.Equal(3, list.Items.Count);
        Assert.True(Assert.IsType<InListExpression>(P.Expr("a NOT IN (1)")).Negated);
        InSubqueryExpression sub = Assert.IsType<InSubqueryExpression>(P.Expr("a NOT IN (SELECT b FROM t)"));
        Assert.True(sub.Negated);
        Assert.IsType<NamedTable>(sub.Query.From);
        Assert.Empty(Assert.IsType<InListExpression>(P.Expr("a IN ()")).Items);
    }

    [Fact]
    public void Between_and_like()
    {
        BetweenExpression between = Assert.IsType<BetweenExpression>(P.Expr("a BETWEEN 1 AND 2 + 3"));
        P.Integer(1, between.Low);
        P.Binary(BinaryOperator.Add, between.High);
        Assert.False(between.Negated);
        BinaryExpression and = P.Binary(BinaryOperator.And, P.Expr("a NOT BETWEEN 1 AND 2 AND b"));
        Assert.True(Assert.IsType<BetweenExpression>(and.Left).Negated);

        LikeExpression like = Assert.IsType<LikeExpression>(P.Expr("name LIKE 'a%'"));
        P.Text("a%", like.Pattern);
        Assert.Null(like.Escape);
        LikeExpression notLike = Assert.IsType<LikeExpression>(P.Expr("name NOT LIKE 'a\\%%' ESCAPE '\\'"));
        Assert.True(notLike.Negated);
        P.Text("\\", notLike.Escape!);
    }

    [Fact]
    public void Case_expressions()
    {
        CaseExpression searched = Assert.IsType<CaseExpression>(P.Expr("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END"));
        Assert.Null(searched.Operand);
        Assert.Equal(2, searched.Whens.Count);
        P.Text("z", searched.Else!);
        CaseExpression simple = Assert.IsType<CaseExpression>(P.Expr("case a when 1 then 2 end"));
        P.Column(null, "a", simple.Operand!);
        Assert.Null(simple.Else);
    }

    [Fact]
    public void Cast_with_type_names()
    {
        CastExpression cast = Assert.IsType<CastExpression>(P.Expr("CAST(a AS TEXT)"));
        Assert.Equal(new TypeName("TEXT"), cast.Type);
        Assert.Equal(new TypeName("VARCHAR", 100), Assert.IsType<CastExpression>(P.Expr("cast(a as varchar(100))")).Type);
        Assert.Equal(new TypeName("DECIMAL", 18, 2), Assert.IsType<CastExpression>(P.Expr("CAST(a AS DECIMAL(18, 2))")).Type);
        Assert.Equal(new TypeName("UNSIGNED BIG INT"), Assert.IsType<CastExpression>(P.Expr("CAST(a AS UNSIGNED BIG INT)")).Type);
        Assert.Equal(new TypeName("DOUBLE PRECISION"), Assert.IsType<CastExpression>(P.Expr("CAST(a AS DOUBLE PRECISION)")).Type);
    }

    [Fact]
    public void Exists_and_subqueries()
    {
        Assert.IsType<ExistsExpression>(P.Expr("EXISTS (SELECT 1 FROM t)"));
        UnaryExpression notExists = Assert.IsType<UnaryExpression>(P.Expr("NOT EXISTS (SELECT 1 FROM t)"));
        Assert.Equal(UnaryOperator.Not, notExists.Operator);
        Assert.IsType<ExistsExpression>(notExists.Operand);
        SubqueryExpression scalar = Assert.IsType<SubqueryExpression>(P.Expr("(SELECT MAX(a) FROM t)"));
        Assert.Single(scalar.Query.Items);
        P.Binary(BinaryOperator.Multiply, P.Expr("(1 + 2) * 3"));
    }

    [Fact]
    public void Function_calls()
    {
        FunctionCallExpression count = Assert.IsType<FunctionCallExpression>(P.Expr("count(*)"));
        Assert.Equal("COUNT", count.Name);
        Assert.True(count.Star);
        Assert.Empty(count.Arguments);
        FunctionCallExpression distinct = Assert.IsType<FunctionCallExpression>(P.Expr("COUNT(DISTINCT a)"));
        Assert.True(distinct.Distinct);
        Assert.Single(distinct.Arguments);
        FunctionCallExpression coalesce = Assert.IsType<FunctionCallExpression>(P.Expr("coalesce(a, b, 0)"));
        Assert.Equal("COALESCE", coalesce.Name);
        Assert.Equal(3, coalesce.Arguments.Count);
        Assert.Empty(Assert.IsType<FunctionCallExpression>(P.Expr("last_insert_rowid()")).Arguments);
        Assert.Equal("REPLACE", Assert.IsType<FunctionCallExpression>(P.Expr("replace(a, 'x', 'y')")).Name);
        Assert.Equal(1, count.SourceLine);
        Assert.Equal(8, count.SourceColumn);
    }

    [Fact]
    public void Column_references_and_quoting()
    {
        P.Column(null, "a", P.Expr("a"));
        P.Column("t", "c", P.Expr("t.c"));
        P.Column("my table", "my \"col\"", P.Expr("\"my table\".\"my \"\"col\"\"\""));
        P.Column(null, "odd name", P.Expr("[odd name]"));
        P.Column(null, "back`tick", P.Expr("`back``tick`"));
        P.Column("excluded", "value", P.Expr("excluded.value"));
        P.Column(null, "MixedCase", P.Expr("MixedCase"));
        ColumnExpression c = Assert.IsType<ColumnExpression>(P.Expr("t.c"));
        Assert.Equal((1, 8), (c.SourceLine, c.SourceColumn));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("value")]
    [InlineData("data")]
    [InlineData("name")]
    [InlineData("text")]
    [InlineData("date")]
    [InlineData("action")]
    [InlineData("replace")]
    [InlineData("excluded")]
    [InlineData("type")]
    [InlineData("count")]
    [InlineData("temp")]
    [InlineData("plan")]
    public void Non_reserved_keywords_are_identifiers(string word) => P.Column(null, word, P.Expr(word));

    [Theory]
    [InlineData("SELECT FROM")]
    [InlineData("SELECT where")]
    [InlineData("SELECT a FROM select")]
    [InlineData("SELECT a FROM t WHERE order = 1")]
    [InlineData("SELECT * FROM t AS group")]
    public void Reserved_words_are_not_identifiers(string sql) => P.Fails(sql);

    [Fact]
    public void Collate()
    {
        CollateExpression collate = Assert.IsType<CollateExpression>(P.Binary(BinaryOperator.Equal, P.Expr("a COLLATE NOCASE = 'x'")).Left);
        Assert.Equal("NOCASE", collate.Collation);
    }

    [Fact]
    public void Deep_nesting_within_the_limit_parses()
    {
        string sql = new string('(', 150) + "1" + new string(')', 150);
        P.Integer(1, P.Expr(sql));
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("-(", ")")]
    [InlineData("NOT ", "")]
    [InlineData("- ", "")]
    [InlineData("(SELECT ", ")")]
    [InlineData("CASE WHEN 1 THEN ", " END")]
    [InlineData("abs(", ")")]
    [InlineData("1 IN (", ")")]
    [InlineData("EXISTS (SELECT ", ")")]
    public void Very_deep_nesting_is_a_syntax_error_not_a_stack_overflow(string open, string close)
    {
        int depth = 100_000;
        var builder = new System.Text.StringBuilder("SELECT ");
        for (int i = 0; i < depth; i++) builder.Append(open);
        builder.Append('1');
        for (int i = 0; i < depth; i++) builder.Append(close);
        LightningSqlException error = P.Fails(builder.ToString());
        Assert.Contains("nested too deeply", error.Message);
    }
}
