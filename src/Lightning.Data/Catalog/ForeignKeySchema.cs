namespace Lightning.Data.Catalog;

/// <summary>A FOREIGN KEY clause, recorded for schema tools (GetSchema("ForeignKeys"), PRAGMA foreign_key_list) and not
/// enforced (see docs/sql.md).</summary>
internal sealed record ForeignKeySchema
{
    /// <summary>The CONSTRAINT name, or null when the clause has none.</summary>
    public string? Name { get; init; }

    /// <summary>The referencing columns of this table, in order.</summary>
    public required string[] Columns { get; init; }

    public required string ReferencedTable { get; init; }

    /// <summary>The referenced columns, pairwise with <see cref="Columns"/>; empty for <c>REFERENCES t</c> without a
    /// column list, which means t's primary key.</summary>
    public required string[] ReferencedColumns { get; init; }

    /// <summary>The ON DELETE action as upper-case words ("CASCADE", "SET NULL", …), or null when none was declared.</summary>
    public string? OnDelete { get; init; }

    /// <summary>The ON UPDATE action, like <see cref="OnDelete"/>. Catalogs written before it was recorded read null.</summary>
    public string? OnUpdate { get; init; }
}
