using System.Data;
using System.Data.Common;
using Lightning.Data;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;

namespace Lightning.EFCore.Design.Internal;

/// <summary>
/// Reverse engineering (<c>dotnet ef dbcontext scaffold "Data Source=app.ldb" Lightning.EFCore</c>): reads tables,
/// columns, indexes and foreign keys through <see cref="DbConnection.GetSchema(string, string[])"/> and the
/// primary-key order through <c>PRAGMA table_info</c>, leaving out the built-in <c>kv</c> table and
/// <c>__EFMigrationsHistory</c>. KV-SQL has one schema (<c>main</c>), so schema filters select nothing extra. Foreign
/// keys become relationships (and so navigations) when both tables are scaffolded.
/// </summary>
public class LightningDatabaseModelFactory : DatabaseModelFactory
{
    /// <summary>Opens <paramref name="connectionString"/>, reads its model and closes the connection again.</summary>
    /// <param name="connectionString">A Lightning.Data connection string.</param>
    /// <param name="options">The tables to include (all when empty).</param>
    public override DatabaseModel Create(string connectionString, DatabaseModelFactoryOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        using var connection = new LightningConnection(connectionString);
        return Create(connection, options);
    }

    /// <summary>Reads the model of the database behind <paramref name="connection"/>, opening it for the duration if it is closed.</summary>
    /// <param name="connection">A Lightning.Data connection.</param>
    /// <param name="options">The tables to include (all when empty).</param>
    public override DatabaseModel Create(DbConnection connection, DatabaseModelFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        bool openedHere = connection.State != ConnectionState.Open;
        if (openedHere) connection.Open();
        try
        {
            var model = new DatabaseModel { DatabaseName = Path.GetFileNameWithoutExtension(connection.DataSource) };
            var selection = new TableSelection(options.Tables);
            foreach (DataRow row in connection.GetSchema("Tables").Rows)
            {
                // SYSTEM TABLE is the built-in kv table, which belongs to the engine, not to the application's model.
                if ((string)row["TABLE_TYPE"] != "BASE TABLE") continue;
                string name = (string)row["TABLE_NAME"];
                // Migrations' bookkeeping is not part of the application's model (EF's other providers skip it too).
                if (!selection.Includes(name) || name == HistoryRepository.DefaultTableName) continue;
                model.Tables.Add(ReadTable(connection, model, name));
            }
            foreach (DatabaseTable table in model.Tables) AddForeignKeys(connection, model, table);
            return model;
        }
        finally
        {
            if (openedHere) connection.Close();
        }
    }

    private static DatabaseTable ReadTable(DbConnection connection, DatabaseModel model, string name)
    {
        var table = new DatabaseTable { Database = model, Name = name };
        foreach (DataRow row in connection.GetSchema("Columns", [name]).Rows)
        {
            table.Columns.Add(new DatabaseColumn
            {
                Table = table,
                Name = (string)row["COLUMN_NAME"],
                StoreType = NullIfEmpty(row["DATA_TYPE"] as string),
                IsNullable = (string)row["IS_NULLABLE"] == "YES",
                DefaultValueSql = row["COLUMN_DEFAULT"] as string,
            });
        }
        AddPrimaryKey(connection, table);
        AddIndexes(connection, table);
        return table;
    }

    private static void AddPrimaryKey(DbConnection connection, DatabaseTable table)
    {
        // GetSchema only flags key columns; table_info's pk column gives their position in the key.
        var keyColumns = new SortedList<long, DatabaseColumn>();
        using (DbCommand command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA table_info('" + table.Name.Replace("'", "''", StringComparison.Ordinal) + "')";
            using DbDataReader reader = command.ExecuteReader();
            int nameOrdinal = reader.GetOrdinal("name");
            int keyOrdinal = reader.GetOrdinal("pk");
            while (reader.Read())
            {
                long position = reader.GetInt64(keyOrdinal);
                if (position > 0 && FindColumn(table, reader.GetString(nameOrdinal)) is { } column) keyColumns.Add(position, column);
            }
        }
        if (keyColumns.Count == 0) return; // a hidden rowid key: EF scaffolds such a table as keyless
        var key = new DatabasePrimaryKey { Table = table, Name = "PK_" + table.Name };
        foreach (DatabaseColumn column in keyColumns.Values) key.Columns.Add(column);
        table.PrimaryKey = key;
        // A single INTEGER key is filled in as max + 1 when an insert omits it (docs/sql.md), as SQLite's rowid alias is.
        if (key.Columns.Count == 1 && key.Columns[0].StoreType?.Contains("INT", StringComparison.OrdinalIgnoreCase) == true)
            key.Columns[0].ValueGenerated = ValueGenerated.OnAdd;
    }

    private static void AddIndexes(DbConnection connection, DatabaseTable table)
    {
        foreach (DataRow row in connection.GetSchema("Indexes", [table.Name]).Rows)
        {
            var index = new DatabaseIndex { Table = table, Name = (string)row["INDEX_NAME"], IsUnique = (bool)row["UNIQUE"] };
            bool complete = true;
            foreach (string columnName in ((string)row["COLUMNS"]).Split(", "))
            {
                if (FindColumn(table, columnName) is { } column) index.Columns.Add(column);
                else complete = false;
            }
            // An index over something that is not a plain column of this table cannot be expressed as HasIndex.
            if (complete && index.Columns.Count > 0) table.Indexes.Add(index);
        }
    }

    private static void AddForeignKeys(DbConnection connection, DatabaseModel model, DatabaseTable table)
    {
        // One row per column pair; FKEY_ID groups a key's pairs, FKEY_FROM_ORDINAL_POSITION orders them.
        var rows = connection.GetSchema("ForeignKeys", [table.Name]).Rows.Cast<DataRow>()
            .OrderBy(r => (int)r["FKEY_ID"]).ThenBy(r => (int)r["FKEY_FROM_ORDINAL_POSITION"]);
        foreach (IGrouping<int, DataRow> key in rows.GroupBy(r => (int)r["FKEY_ID"]))
        {
            DataRow first = key.First();
            string principalName = (string)first["FKEY_TO_TABLE"];
            // A principal left out by --table (or missing) cannot be the other end of a relationship.
            DatabaseTable? principal = model.Tables.FirstOrDefault(t => string.Equals(t.Name, principalName, StringComparison.OrdinalIgnoreCase));
            if (principal is null) continue;
            var foreignKey = new DatabaseForeignKey
            {
                Table = table,
                Name = first["CONSTRAINT_NAME"] as string,
                PrincipalTable = principal,
                OnDelete = Action(first["FKEY_ON_DELETE"] as string),
            };
            bool complete = true;
            foreach (DataRow pair in key)
            {
                DatabaseColumn? column = FindColumn(table, (string)pair["FKEY_FROM_COLUMN"]);
                DatabaseColumn? principalColumn = pair["FKEY_TO_COLUMN"] is string to ? FindColumn(principal, to) : null;
                if (column is null || principalColumn is null) complete = false;
                else
                {
                    foreignKey.Columns.Add(column);
                    foreignKey.PrincipalColumns.Add(principalColumn);
                }
            }
            if (complete && foreignKey.Columns.Count > 0) table.ForeignKeys.Add(foreignKey);
        }
    }

    private static ReferentialAction? Action(string? action) => action?.ToUpperInvariant() switch
    {
        "CASCADE" => ReferentialAction.Cascade,
        "SET NULL" => ReferentialAction.SetNull,
        "SET DEFAULT" => ReferentialAction.SetDefault,
        "RESTRICT" => ReferentialAction.Restrict,
        "NO ACTION" => ReferentialAction.NoAction,
        _ => null,
    };

    private static DatabaseColumn? FindColumn(DatabaseTable table, string name)
    {
        foreach (DatabaseColumn column in table.Columns)
            if (string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase)) return column;
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The tables asked for with <c>--table</c>: bare names or <c>main.name</c>, any case; none means every table.</summary>
    private readonly struct TableSelection(IEnumerable<string> tables)
    {
        private readonly HashSet<string> _names = Normalize(tables);

        public bool Includes(string name) => _names.Count == 0 || _names.Contains(name);

        private static HashSet<string> Normalize(IEnumerable<string> tables)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string table in tables)
            {
                string name = table.StartsWith("main.", StringComparison.OrdinalIgnoreCase) ? table[5..] : table;
                names.Add(name.Trim('"', '[', ']', '`'));
            }
            return names;
        }
    }
}
