using Lightning.Data.Execution;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Catalog;

/// <summary><c>PRAGMA foreign_key_list(t)</c>: SQLite's columns (id, seq, table, from, to, on_update, on_delete, match),
/// one row per column pair of each FOREIGN KEY recorded for t.</summary>
internal static class ForeignKeyListPragma
{
    private static readonly ResultColumn[] Columns =
    [
        new("id") { StorageType = SqlType.Integer }, new("seq") { StorageType = SqlType.Integer }, new("table") { StorageType = SqlType.Text },
        new("from") { StorageType = SqlType.Text }, new("to") { StorageType = SqlType.Text }, new("on_update") { StorageType = SqlType.Text },
        new("on_delete") { StorageType = SqlType.Text }, new("match") { StorageType = SqlType.Text },
    ];

    public static BufferedResult Run(SchemaCatalog catalog, PragmaStatement pragma)
    {
        string name = pragma.Value switch
        {
            LiteralExpression { Value.Type: SqlType.Text } l => l.Value.Text,
            ColumnExpression c => c.Column,
            _ => throw new LightningSqlException(LightningErrorCode.SqlSyntax, "PRAGMA foreign_key_list needs a table name.", pragma.SourceLine, pragma.SourceColumn),
        };
        TableSchema table = catalog.FindTable(name)
            ?? throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"No such table: {name}.", pragma.SourceLine, pragma.SourceColumn);
        var rows = new List<SqlValue[]>();
        // Without the catalog, a clause naming no columns shows a NULL "to", as SQLite does.
        foreach (ForeignKeyColumn pair in ForeignKeyColumn.Of(table, null))
            rows.Add([SqlValue.FromInteger(pair.Id), SqlValue.FromInteger(pair.Sequence), SqlValue.FromText(pair.Key.ReferencedTable), SqlValue.FromText(pair.From),
                SqlValue.FromText(pair.To), SqlValue.FromText(pair.Key.OnUpdate ?? "NO ACTION"), SqlValue.FromText(pair.Key.OnDelete ?? "NO ACTION"), SqlValue.FromText("NONE")]);
        return new BufferedResult(Columns, rows, -1);
    }
}
