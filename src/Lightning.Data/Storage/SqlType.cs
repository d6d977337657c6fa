namespace Lightning.Data.Storage;

/// <summary>KV-SQL's storage classes, in their sort order (NULL &lt; numbers &lt; TEXT &lt; BLOB).</summary>
internal enum SqlType : byte
{
    Null = 0,
    Integer = 1,
    Real = 2,
    Text = 3,
    Blob = 4,
}
