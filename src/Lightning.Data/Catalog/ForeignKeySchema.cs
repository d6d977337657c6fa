namespace Lightning.Data.Catalog;

/// <summary>A FOREIGN KEY clause, recorded for schema tools (GetSchema) and not enforced (see docs/sql.md).</summary>
internal sealed record ForeignKeySchema
{
    public string? Name { get; init; }
    public required string[] Columns { get; init; }
    public required string ReferencedTable { get; init; }
    public required string[] ReferencedColumns { get; init; }
    public string? OnDelete { get; init; }
}
