using System.Text.Json.Serialization;
using Lightning.Data.Storage;

namespace Lightning.Data.Catalog;

/// <summary>A table column as the catalog stores it.</summary>
internal sealed record ColumnSchema
{
    public required string Name { get; init; }

    private readonly string? _declaredType;

    /// <summary>The type as declared (e.g. "VARCHAR(100)"), or null.</summary>
    public string? DeclaredType
    {
        get => _declaredType;
        init
        {
            _declaredType = value;
            Affinity = TypeAffinity.FromDeclaredType(value); // computed once: every row written checks it
        }
    }

    public bool NotNull { get; init; }

    /// <summary>The DEFAULT expression as KV-SQL text, or null.</summary>
    public string? DefaultSql { get; init; }

    /// <summary>True for COLLATE NOCASE.</summary>
    public bool NoCase { get; init; }

    /// <summary>The column's slot in the stored row value; -1 for primary-key columns, which live in the key.</summary>
    public int Slot { get; init; } = -1;

    /// <summary>The storage class the declared type maps to.</summary>
    [JsonIgnore]
    public SqlAffinity Affinity { get; private init; }
}
