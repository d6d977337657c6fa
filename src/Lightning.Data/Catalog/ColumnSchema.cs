using System.Text.Json.Serialization;
using Lightning.Data.Storage;

namespace Lightning.Data.Catalog;

/// <summary>A table column as the catalog stores it.</summary>
internal sealed record ColumnSchema
{
    public required string Name { get; init; }

    /// <summary>The type as declared (e.g. "VARCHAR(100)"), or null.</summary>
    public string? DeclaredType { get; init; }

    public bool NotNull { get; init; }

    /// <summary>The DEFAULT expression as KV-SQL text, or null.</summary>
    public string? DefaultSql { get; init; }

    /// <summary>True for COLLATE NOCASE.</summary>
    public bool NoCase { get; init; }

    /// <summary>The column's slot in the stored row value; -1 for primary-key columns, which live in the key.</summary>
    public int Slot { get; init; } = -1;

    [JsonIgnore]
    public SqlAffinity Affinity => TypeAffinity.FromDeclaredType(DeclaredType);
}
