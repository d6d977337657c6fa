using Lightning.Data.Storage;

namespace Lightning.Data.Sql.Syntax;

/// <summary>A KV-SQL expression.</summary>
internal abstract record Expression : SyntaxNode;

/// <summary>A literal: integer, real, 'text', X'blob', TRUE/FALSE (integers 1/0) or NULL.</summary>
internal sealed record LiteralExpression(SqlValue Value) : Expression;

/// <summary>A parameter: <c>@name</c>, <c>:name</c>, <c>$name</c> (Name without the prefix) or positional <c>?</c>
/// (Name null; Position = 0-based index among the command's <c>?</c> markers).</summary>
internal sealed record ParameterExpression(string? Name, int Position) : Expression;

/// <summary>A column reference, optionally qualified by a table name or alias.</summary>
internal sealed record ColumnExpression(string? Table, string Column) : Expression;

/// <summary><c>*</c> or <c>t.*</c> in a select list (or inside COUNT(*) never: that is <see cref="FunctionCallExpression.Star"/>).</summary>
internal sealed record StarExpression(string? Table) : Expression;

internal enum UnaryOperator { Negate, Plus, Not, BitwiseNot }

internal sealed record UnaryExpression(UnaryOperator Operator, Expression Operand) : Expression;

internal enum BinaryOperator
{
    Add, Subtract, Multiply, Divide, Modulo, Concat,
    Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual,
    /// <summary>SQLite's null-safe <c>IS</c> / <c>IS NOT</c> between two expressions.</summary>
    Is, IsNot,
    And, Or,
    BitwiseAnd, BitwiseOr, ShiftLeft, ShiftRight,
}

internal sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right) : Expression;

/// <summary><c>x IS NULL</c> / <c>x IS NOT NULL</c> (also <c>ISNULL</c>/<c>NOTNULL</c>).</summary>
internal sealed record IsNullExpression(Expression Operand, bool Negated) : Expression;

internal sealed record InListExpression(Expression Operand, IReadOnlyList<Expression> Items, bool Negated) : Expression;

internal sealed record InSubqueryExpression(Expression Operand, SelectStatement Query, bool Negated) : Expression;

internal sealed record BetweenExpression(Expression Operand, Expression Low, Expression High, bool Negated) : Expression;

internal sealed record LikeExpression(Expression Operand, Expression Pattern, Expression? Escape, bool Negated) : Expression;

internal sealed record WhenClause(Expression When, Expression Then);

/// <summary><c>CASE [operand] WHEN … THEN … [ELSE …] END</c>.</summary>
internal sealed record CaseExpression(Expression? Operand, IReadOnlyList<WhenClause> Whens, Expression? Else) : Expression;

/// <summary>A declared type: <c>VARCHAR(100)</c> → Name "VARCHAR", Length 100; <c>DECIMAL(18,2)</c> → Length 18, Scale 2.</summary>
internal sealed record TypeName(string Name, int? Length = null, int? Scale = null)
{
    public override string ToString() => Length is null ? Name : Scale is null ? $"{Name}({Length})" : $"{Name}({Length},{Scale})";
}

internal sealed record CastExpression(Expression Operand, TypeName Type) : Expression;

internal sealed record CollateExpression(Expression Operand, string Collation) : Expression;

internal sealed record ExistsExpression(SelectStatement Query) : Expression;

/// <summary>A scalar subquery <c>(SELECT …)</c>.</summary>
internal sealed record SubqueryExpression(SelectStatement Query) : Expression;

/// <summary>A function call. Name is upper-cased. <c>COUNT(*)</c> has Star true and no arguments.</summary>
internal sealed record FunctionCallExpression(string Name, IReadOnlyList<Expression> Arguments, bool Distinct = false, bool Star = false) : Expression;

/// <summary>A window function call: <c>ROW_NUMBER() | RANK() | DENSE_RANK() OVER ([PARTITION BY e, …] [ORDER BY term, …])</c>.
/// Name is upper-cased.</summary>
internal sealed record WindowFunctionExpression(string Name, IReadOnlyList<Expression> Arguments, IReadOnlyList<Expression> PartitionBy,
    IReadOnlyList<OrderingTerm> OrderBy) : Expression;
