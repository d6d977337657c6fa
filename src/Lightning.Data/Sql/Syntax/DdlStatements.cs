namespace Lightning.Data.Sql.Syntax;

/// <summary>One column of CREATE TABLE / ALTER TABLE ADD COLUMN with its inline constraints.</summary>
internal sealed record ColumnDefinition(
    string Name,
    TypeName? Type,
    bool PrimaryKey,
    bool PrimaryKeyDescending,
    bool AutoIncrement,
    bool NotNull,
    bool Unique,
    Expression? Default,
    string? Collation) : SyntaxNode
{
    /// <summary>An inline <c>REFERENCES t (c)</c>, if any.</summary>
    public ForeignKeyConstraint? References { get; init; }
}

/// <summary>A table-level constraint; <see cref="Name"/> is the optional <c>CONSTRAINT name</c>.</summary>
internal abstract record TableConstraint(string? Name) : SyntaxNode;

internal sealed record PrimaryKeyConstraint(string? Name, IReadOnlyList<IndexColumn> Columns, bool AutoIncrement) : TableConstraint(Name);

internal sealed record UniqueConstraint(string? Name, IReadOnlyList<IndexColumn> Columns) : TableConstraint(Name);

/// <summary><c>FOREIGN KEY (cols) REFERENCES t (cols) [ON DELETE CASCADE|SET NULL|RESTRICT|NO ACTION] [ON UPDATE …]</c>
/// (OnDelete/OnUpdate hold the action words upper-cased, e.g. "CASCADE", "SET NULL").</summary>
internal sealed record ForeignKeyConstraint(string? Name, IReadOnlyList<string> Columns, string ReferencedTable,
    IReadOnlyList<string> ReferencedColumns, string? OnDelete, string? OnUpdate) : TableConstraint(Name);

/// <summary><c>CHECK (expr)</c>.</summary>
internal sealed record CheckConstraint(string? Name, Expression Condition) : TableConstraint(Name);

internal sealed record CreateTableStatement(
    string Name,
    bool IfNotExists,
    IReadOnlyList<ColumnDefinition> Columns,
    IReadOnlyList<TableConstraint> Constraints) : Statement;

internal sealed record DropTableStatement(string Name, bool IfExists) : Statement;

internal sealed record AlterTableAddColumnStatement(string Table, ColumnDefinition Column) : Statement;

internal sealed record AlterTableRenameStatement(string Table, string NewName) : Statement;

internal sealed record AlterTableRenameColumnStatement(string Table, string OldName, string NewName) : Statement;

internal sealed record AlterTableDropColumnStatement(string Table, string Column) : Statement;

/// <summary>An indexed column, ascending unless Descending.</summary>
internal sealed record IndexColumn(string Name, bool Descending);

internal sealed record CreateIndexStatement(
    string Name,
    string Table,
    bool Unique,
    bool IfNotExists,
    IReadOnlyList<IndexColumn> Columns) : Statement;

internal sealed record DropIndexStatement(string Name, bool IfExists) : Statement;
