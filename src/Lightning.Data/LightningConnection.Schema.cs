using System.Data;
using System.Data.Common;
using Lightning.Data.Catalog;

namespace Lightning.Data;

public sealed partial class LightningConnection
{
    /// <summary>The schema collections: MetaDataCollections.</summary>
    public override DataTable GetSchema() => GetSchema(DbMetaDataCollectionNames.MetaDataCollections);

    /// <summary>A schema collection: MetaDataCollections, Tables, Columns, Indexes or ForeignKeys.</summary>
    public override DataTable GetSchema(string collectionName) => GetSchema(collectionName, []);

    /// <summary>A schema collection, restricted by table name (first restriction) where it applies.</summary>
    public override DataTable GetSchema(string collectionName, string?[] restrictionValues)
    {
        ArgumentNullException.ThrowIfNull(collectionName);
        if (_state != ConnectionState.Open) throw new InvalidOperationException("GetSchema requires an open connection.");
        string? tableFilter = restrictionValues.Length > 0 ? restrictionValues[0] : null;
        SchemaCatalog catalog = Session.Catalog;
        switch (collectionName.ToUpperInvariant())
        {
            case "METADATACOLLECTIONS":
            {
                var table = new DataTable(DbMetaDataCollectionNames.MetaDataCollections);
                table.Columns.Add(DbMetaDataColumnNames.CollectionName, typeof(string));
                table.Columns.Add(DbMetaDataColumnNames.NumberOfRestrictions, typeof(int));
                table.Columns.Add(DbMetaDataColumnNames.NumberOfIdentifierParts, typeof(int));
                foreach (string name in new[] { DbMetaDataCollectionNames.MetaDataCollections, "Tables", "Columns", "Indexes", "ForeignKeys" })
                    table.Rows.Add(name, name == DbMetaDataCollectionNames.MetaDataCollections ? 0 : 1, name == DbMetaDataCollectionNames.MetaDataCollections ? 0 : 1);
                return table;
            }
            case "TABLES":
            {
                var table = new DataTable("Tables");
                table.Columns.Add("TABLE_CATALOG", typeof(string));
                table.Columns.Add("TABLE_SCHEMA", typeof(string));
                table.Columns.Add("TABLE_NAME", typeof(string));
                table.Columns.Add("TABLE_TYPE", typeof(string));
                foreach (TableSchema t in catalog.Tables)
                    if (Matches(t.Name, tableFilter)) table.Rows.Add("main", "main", t.Name, t.IsBuiltIn ? "SYSTEM TABLE" : "BASE TABLE");
                return table;
            }
            case "COLUMNS":
            {
                var table = new DataTable("Columns");
                table.Columns.Add("TABLE_CATALOG", typeof(string));
                table.Columns.Add("TABLE_SCHEMA", typeof(string));
                table.Columns.Add("TABLE_NAME", typeof(string));
                table.Columns.Add("COLUMN_NAME", typeof(string));
                table.Columns.Add("ORDINAL_POSITION", typeof(int));
                table.Columns.Add("DATA_TYPE", typeof(string));
                table.Columns.Add("IS_NULLABLE", typeof(string));
                table.Columns.Add("COLUMN_DEFAULT", typeof(string));
                table.Columns.Add("PRIMARY_KEY", typeof(bool));
                foreach (TableSchema t in catalog.Tables)
                {
                    if (!Matches(t.Name, tableFilter)) continue;
                    for (int i = 0; i < t.Columns.Length; i++)
                    {
                        ColumnSchema c = t.Columns[i];
                        bool key = Array.Exists(t.KeyColumns, k => string.Equals(k, c.Name, StringComparison.OrdinalIgnoreCase));
                        table.Rows.Add("main", "main", t.Name, c.Name, i + 1, c.DeclaredType ?? "", c.NotNull || key ? "NO" : "YES", (object?)c.DefaultSql ?? DBNull.Value, key);
                    }
                }
                return table;
            }
            case "INDEXES":
            {
                var table = new DataTable("Indexes");
                table.Columns.Add("TABLE_NAME", typeof(string));
                table.Columns.Add("INDEX_NAME", typeof(string));
                table.Columns.Add("COLUMNS", typeof(string));
                table.Columns.Add("UNIQUE", typeof(bool));
                foreach (TableSchema t in catalog.Tables)
                {
                    if (!Matches(t.Name, tableFilter)) continue;
                    foreach (IndexSchema index in t.Indexes) table.Rows.Add(t.Name, index.Name, string.Join(", ", index.Columns), index.Unique);
                }
                return table;
            }
            case "FOREIGNKEYS":
                return ForeignKeysCollection(catalog, tableFilter);
            default:
                throw new ArgumentException($"Unknown schema collection '{collectionName}'. Lightning.Data provides MetaDataCollections, Tables, Columns, Indexes and ForeignKeys.", nameof(collectionName));
        }
    }

    /// <summary>
    /// ForeignKeys: one row per column pair of each recorded FOREIGN KEY (column names as System.Data.SQLite's
    /// collection). FKEY_TO_COLUMN is the referenced table's primary-key column when the clause names no columns;
    /// CONSTRAINT_NAME is DBNull for an unnamed clause. Foreign keys are recorded, not enforced.
    /// </summary>
    private static DataTable ForeignKeysCollection(SchemaCatalog catalog, string? tableFilter)
    {
        var table = new DataTable("ForeignKeys");
        table.Columns.Add("TABLE_CATALOG", typeof(string));
        table.Columns.Add("TABLE_SCHEMA", typeof(string));
        table.Columns.Add("TABLE_NAME", typeof(string));
        table.Columns.Add("CONSTRAINT_NAME", typeof(string));
        table.Columns.Add("FKEY_ID", typeof(int));
        table.Columns.Add("FKEY_FROM_COLUMN", typeof(string));
        table.Columns.Add("FKEY_FROM_ORDINAL_POSITION", typeof(int));
        table.Columns.Add("FKEY_TO_TABLE", typeof(string));
        table.Columns.Add("FKEY_TO_COLUMN", typeof(string));
        table.Columns.Add("FKEY_ON_UPDATE", typeof(string));
        table.Columns.Add("FKEY_ON_DELETE", typeof(string));
        foreach (TableSchema t in catalog.Tables)
        {
            if (!Matches(t.Name, tableFilter)) continue;
            foreach (ForeignKeyColumn pair in ForeignKeyColumn.Of(t, catalog))
                table.Rows.Add("main", "main", t.Name, (object?)pair.Key.Name ?? DBNull.Value, pair.Id, pair.From, pair.Sequence + 1, pair.Key.ReferencedTable,
                    (object?)pair.To ?? DBNull.Value, pair.Key.OnUpdate ?? "NO ACTION", pair.Key.OnDelete ?? "NO ACTION");
        }
        return table;
    }

    private static bool Matches(string name, string? filter) => filter is null || string.Equals(name, filter, StringComparison.OrdinalIgnoreCase);
}
