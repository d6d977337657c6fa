using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>What a result set tells about one of its columns (feeds GetName, GetFieldType, GetDataTypeName and GetSchemaTable).</summary>
internal sealed record ResultColumn(string Name)
{
    /// <summary>The declared type name as written in CREATE TABLE (e.g. "VARCHAR(100)"), or null for an expression.</summary>
    public string? DeclaredType { get; init; }

    /// <summary>The storage class the column's values have when it is known statically (a table column, a CAST, COUNT…); null when values decide.</summary>
    public SqlType? StorageType { get; init; }

    /// <summary>The table the column comes from, or null for an expression.</summary>
    public string? BaseTable { get; init; }

    /// <summary>The table column it comes from, or null for an expression.</summary>
    public string? BaseColumn { get; init; }

    public bool IsKey { get; init; }
    public bool IsUnique { get; init; }
    public bool AllowsNull { get; init; } = true;
    public bool IsAutoIncrement { get; init; }

    /// <summary>True when the select item had an alias different from the base column name.</summary>
    public bool IsAliased { get; init; }

    /// <summary>True when the column is computed rather than read from a table.</summary>
    public bool IsExpression { get; init; }
}
