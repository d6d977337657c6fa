namespace Lightning.Data.Sql.Syntax;

/// <summary>A KV-SQL statement.</summary>
internal abstract record Statement : SyntaxNode;

/// <summary>One item of a select list (a <see cref="StarExpression"/> for <c>*</c>/<c>t.*</c>).</summary>
internal sealed record SelectItem(Expression Expression, string? Alias);

/// <summary>Something in a FROM clause.</summary>
internal abstract record TableReference : SyntaxNode;

/// <summary>A table by name, optionally aliased.</summary>
internal sealed record NamedTable(string Name, string? Alias) : TableReference;

/// <summary>A subquery in FROM: <c>(SELECT …) AS alias</c>.</summary>
internal sealed record DerivedTable(SelectStatement Query, string Alias) : TableReference;

internal enum JoinKind { Inner, Left, Cross }

/// <summary><c>[LEFT|INNER|CROSS] JOIN table ON condition</c>; a comma in FROM is a Cross join without ON.</summary>
internal sealed record JoinClause(JoinKind Kind, TableReference Table, Expression? On) : SyntaxNode;

internal enum NullsOrder { Default, First, Last }

internal sealed record OrderingTerm(Expression Expression, bool Descending, NullsOrder Nulls);

/// <summary>
/// <c>SELECT [DISTINCT] items [FROM from joins…] [WHERE] [GROUP BY] [HAVING] [ORDER BY] [LIMIT [OFFSET]]</c>.
/// <c>LIMIT a, b</c> (SQLite form) is parsed as Offset a, Limit b. <c>UNION [ALL]</c> chains are in <see cref="Compound"/>.
/// </summary>
internal sealed record SelectStatement(
    bool Distinct,
    IReadOnlyList<SelectItem> Items,
    TableReference? From,
    IReadOnlyList<JoinClause> Joins,
    Expression? Where,
    IReadOnlyList<Expression> GroupBy,
    Expression? Having,
    IReadOnlyList<OrderingTerm> OrderBy,
    Expression? Limit,
    Expression? Offset) : Statement
{
    /// <summary>Further selects combined with this one (<c>UNION</c>, <c>UNION ALL</c>, <c>INTERSECT</c>, <c>EXCEPT</c>), in order.
    /// When present, <see cref="OrderBy"/>/<see cref="Limit"/>/<see cref="Offset"/> apply to the whole compound.</summary>
    public IReadOnlyList<CompoundPart> Compound { get; init; } = [];
}

internal enum CompoundOperator { Union, UnionAll, Intersect, Except }

internal sealed record CompoundPart(CompoundOperator Operator, SelectStatement Select);
