namespace Lightning.Data.Catalog;

/// <summary>One column pair of a foreign key, as schema tools list them.</summary>
/// <param name="Id">The foreign key's number in its table (declaration order, from 0).</param>
/// <param name="Sequence">The pair's position in the key (from 0).</param>
/// <param name="Key">The foreign key.</param>
/// <param name="From">The referencing column.</param>
/// <param name="To">The referenced column; null when the clause names none and the referenced table's primary key
/// is not resolved (or the table does not exist).</param>
internal readonly record struct ForeignKeyColumn(int Id, int Sequence, ForeignKeySchema Key, string From, string? To)
{
    /// <summary>
    /// The column pairs of <paramref name="table"/>'s foreign keys. With <paramref name="catalog"/>, a clause without a
    /// column list (<c>REFERENCES t</c>) is resolved to t's primary-key columns, as its meaning is; without it the
    /// referenced column is null (what SQLite's <c>PRAGMA foreign_key_list</c> shows).
    /// </summary>
    public static List<ForeignKeyColumn> Of(TableSchema table, SchemaCatalog? catalog)
    {
        var pairs = new List<ForeignKeyColumn>();
        for (int id = 0; id < table.ForeignKeys.Length; id++)
        {
            ForeignKeySchema key = table.ForeignKeys[id];
            string[] referenced = key.ReferencedColumns;
            if (referenced.Length == 0 && catalog?.FindTable(key.ReferencedTable) is { } target) referenced = target.KeyColumns;
            for (int seq = 0; seq < key.Columns.Length; seq++)
                pairs.Add(new ForeignKeyColumn(id, seq, key, key.Columns[seq], seq < referenced.Length ? referenced[seq] : null));
        }
        return pairs;
    }
}
