namespace Lightning.Data.Storage;

/// <summary>The storage class a column accepts (its declared type mapped per KV-SQL.md); Any for columns declared without a type.</summary>
internal enum SqlAffinity : byte
{
    Any = 0,
    Integer = 1,
    Real = 2,
    Text = 3,
    Blob = 4,
}
