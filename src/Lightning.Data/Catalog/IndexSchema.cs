namespace Lightning.Data.Catalog;

/// <summary>A secondary index: key space <c>[Id][indexed columns][primary key]</c> → empty (non-unique), or for UNIQUE indexes
/// <c>[Id][indexed columns]</c> → primary key, so two writers of the same indexed value write the same key and conflict.</summary>
internal sealed record IndexSchema
{
    public required string Name { get; init; }
    public required uint Id { get; init; }
    public required string Table { get; init; }

    /// <summary>Indexed column names, in index order.</summary>
    public required string[] Columns { get; init; }

    public required bool[] Descending { get; init; }
    public bool Unique { get; init; }

    /// <summary>True when the index was created by a UNIQUE constraint of CREATE TABLE rather than CREATE INDEX.</summary>
    public bool FromConstraint { get; init; }
}
