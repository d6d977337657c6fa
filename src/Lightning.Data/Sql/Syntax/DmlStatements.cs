namespace Lightning.Data.Sql.Syntax;

/// <summary><c>column = value</c> in UPDATE … SET and ON CONFLICT … DO UPDATE SET.</summary>
internal sealed record Assignment(string Column, Expression Value) : SyntaxNode;

internal enum InsertConflictAction { Abort, Replace, Ignore }

/// <summary><c>ON CONFLICT [(columns)] DO NOTHING</c> (Set null) or <c>DO UPDATE SET … [WHERE …]</c>.
/// In the SET expressions, <c>excluded.c</c> is a <see cref="ColumnExpression"/> with Table "excluded".</summary>
internal sealed record UpsertClause(IReadOnlyList<string>? ConflictColumns, IReadOnlyList<Assignment>? Set, Expression? Where);

/// <summary>
/// <c>INSERT [OR REPLACE|OR IGNORE] INTO t [(cols)] VALUES (…), … | SELECT … | DEFAULT VALUES [upsert] [RETURNING …]</c>;
/// <c>REPLACE INTO</c> is OrAction Replace. Exactly one of Rows, Select is set unless DefaultValues.
/// </summary>
internal sealed record InsertStatement(
    InsertConflictAction OrAction,
    string Table,
    IReadOnlyList<string>? Columns,
    IReadOnlyList<IReadOnlyList<Expression>>? Rows,
    SelectStatement? Select,
    bool DefaultValues,
    UpsertClause? Upsert,
    IReadOnlyList<SelectItem>? Returning) : Statement;

/// <summary>
/// <c>UPDATE t [AS a] SET … [FROM source [joins…]] [WHERE …] [RETURNING …]</c>. With a FROM clause (SQLite 3.33's
/// UPDATE … FROM), SET and WHERE also see the FROM sources' columns; <see cref="From"/> is null without one.
/// </summary>
internal sealed record UpdateStatement(
    string Table,
    string? Alias,
    IReadOnlyList<Assignment> Set,
    Expression? Where,
    IReadOnlyList<SelectItem>? Returning) : Statement
{
    /// <summary>The first table of the FROM clause, or null for a plain UPDATE.</summary>
    public TableReference? From { get; init; }

    /// <summary>The FROM clause's further sources (a comma is a cross join), in order.</summary>
    public IReadOnlyList<JoinClause> Joins { get; init; } = [];
}

internal sealed record DeleteStatement(
    string Table,
    string? Alias,
    Expression? Where,
    IReadOnlyList<SelectItem>? Returning) : Statement;
