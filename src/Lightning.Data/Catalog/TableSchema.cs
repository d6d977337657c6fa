using System.Text.Json.Serialization;

namespace Lightning.Data.Catalog;

/// <summary>
/// A table: key space <see cref="Id"/>, key = the primary-key columns in order (or a hidden rowid when there is no primary
/// key), value = the other columns' slots (docs/formats/sql.md). Immutable; DDL builds a new instance.
/// </summary>
internal sealed record TableSchema
{
    public required string Name { get; init; }
    public required uint Id { get; init; }
    public required ColumnSchema[] Columns { get; init; }

    /// <summary>Primary-key column names in key order; empty when the table uses a hidden rowid.</summary>
    public required string[] KeyColumns { get; init; }

    public required bool[] KeyDescending { get; init; }

    /// <summary>True when AUTOINCREMENT was declared: generated ids are never reused, even after deletes.</summary>
    public bool AutoIncrement { get; init; }

    /// <summary>How many row-value slots have ever been assigned (dropped columns keep theirs).</summary>
    public int SlotCount { get; init; }

    public IndexSchema[] Indexes { get; init; } = [];
    public ForeignKeySchema[] ForeignKeys { get; init; } = [];

    /// <summary>CHECK constraints as KV-SQL expression text.</summary>
    public string[] Checks { get; init; } = [];

    /// <summary>True for the built-in <c>kv</c> table.</summary>
    public bool IsBuiltIn { get; init; }

    /// <summary>True when the key is a hidden 64-bit rowid (no PRIMARY KEY declared).</summary>
    [JsonIgnore]
    public bool HasHiddenRowId => KeyColumns.Length == 0;

    /// <summary>True when the key is one INTEGER column (or a hidden rowid): omitted values are generated as max + 1.</summary>
    [JsonIgnore]
    public bool HasIntegerKey => HasHiddenRowId || (KeyColumns.Length == 1 && Columns[IndexOf(KeyColumns[0])].Affinity == Storage.SqlAffinity.Integer);

    /// <summary>The ordinal of column <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Length; i++)
            if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
