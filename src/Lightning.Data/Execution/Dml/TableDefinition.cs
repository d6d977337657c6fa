using Lightning.Data.Catalog;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>Turns a CREATE TABLE statement into a <see cref="TableSchema"/>: key columns, row slots, UNIQUE indexes, checks.</summary>
internal static class TableDefinition
{
    public static TableSchema Build(CreateTableStatement create, uint firstId, out uint nextId)
    {
        if (create.Columns.Count == 0) throw Error("A table needs at least one column.", create);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ColumnDefinition c in create.Columns)
            if (!names.Add(c.Name)) throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"Duplicate column name: {c.Name}.", c.SourceLine, c.SourceColumn);

        var keyColumns = new List<string>();
        var keyDescending = new List<bool>();
        bool autoIncrement = false;
        foreach (ColumnDefinition c in create.Columns)
        {
            if (!c.PrimaryKey) continue;
            if (keyColumns.Count > 0) throw Error($"Table {create.Name} has more than one primary key; use PRIMARY KEY (a, b) for a composite key.", c);
            keyColumns.Add(c.Name);
            keyDescending.Add(c.PrimaryKeyDescending);
            autoIncrement = c.AutoIncrement;
        }
        var uniques = new List<(string? Name, IReadOnlyList<IndexColumn> Columns)>();
        var foreignKeys = new List<ForeignKeySchema>();
        var checks = new List<string>();
        foreach (TableConstraint constraint in create.Constraints)
        {
            switch (constraint)
            {
                case PrimaryKeyConstraint pk:
                    if (keyColumns.Count > 0) throw Error($"Table {create.Name} has more than one primary key.", pk);
                    foreach (IndexColumn column in pk.Columns)
                    {
                        if (!names.Contains(column.Name)) throw Error($"PRIMARY KEY names unknown column {column.Name}.", pk);
                        keyColumns.Add(column.Name);
                        keyDescending.Add(column.Descending);
                    }
                    autoIncrement = pk.AutoIncrement;
                    break;
                case UniqueConstraint unique:
                    uniques.Add((unique.Name, unique.Columns));
                    break;
                case ForeignKeyConstraint fk:
                    foreignKeys.Add(new ForeignKeySchema { Name = fk.Name, Columns = [.. fk.Columns], ReferencedTable = fk.ReferencedTable, ReferencedColumns = [.. fk.ReferencedColumns], OnDelete = fk.OnDelete, OnUpdate = fk.OnUpdate });
                    break;
                case CheckConstraint check:
                    checks.Add(Printer.Print(check.Condition));
                    break;
            }
        }
        var columns = new List<ColumnSchema>();
        int slot = 0;
        foreach (ColumnDefinition c in create.Columns)
        {
            bool isKey = keyColumns.Exists(k => string.Equals(k, c.Name, StringComparison.OrdinalIgnoreCase));
            columns.Add(Column(c, isKey ? -1 : slot++) with { NotNull = c.NotNull || isKey });
            if (c.Unique && !(isKey && keyColumns.Count == 1)) uniques.Add((null, [new IndexColumn(c.Name, false)]));
            if (c.References is { } fk)
                foreignKeys.Add(new ForeignKeySchema { Name = fk.Name, Columns = [c.Name], ReferencedTable = fk.ReferencedTable, ReferencedColumns = [.. fk.ReferencedColumns], OnDelete = fk.OnDelete, OnUpdate = fk.OnUpdate });
        }
        if (autoIncrement && !(keyColumns.Count == 1 && columns.Find(c => string.Equals(c.Name, keyColumns[0], StringComparison.OrdinalIgnoreCase))!.Affinity == SqlAffinity.Integer))
            throw Error("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY.", create);
        uint id = firstId;
        uint tableId = id++;
        var indexes = new List<IndexSchema>();
        int autoNumber = 1;
        foreach ((string? name, IReadOnlyList<IndexColumn> uniqueColumns) in uniques)
        {
            foreach (IndexColumn column in uniqueColumns)
                if (!names.Contains(column.Name)) throw Error($"UNIQUE names unknown column {column.Name}.", create);
            indexes.Add(new IndexSchema
            {
                Name = name ?? $"autoindex_{create.Name}_{autoNumber++}",
                Id = id++,
                Table = create.Name,
                Columns = [.. uniqueColumns.Select(c => columns.Find(x => string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase))!.Name)],
                Descending = [.. uniqueColumns.Select(c => c.Descending)],
                Unique = true,
                FromConstraint = true,
            });
        }
        nextId = id;
        for (int i = 0; i < keyColumns.Count; i++)
            keyColumns[i] = columns.Find(c => string.Equals(c.Name, keyColumns[i], StringComparison.OrdinalIgnoreCase))!.Name;
        return new TableSchema
        {
            Name = create.Name,
            Id = tableId,
            Columns = [.. columns],
            KeyColumns = [.. keyColumns],
            KeyDescending = [.. keyDescending],
            AutoIncrement = autoIncrement,
            SlotCount = slot,
            Indexes = [.. indexes],
            ForeignKeys = [.. foreignKeys],
            Checks = [.. checks],
        };
    }

    public static ColumnSchema Column(ColumnDefinition definition, int slot)
    {
        if (definition.Collation is { } collation && collation.ToUpperInvariant() is not ("NOCASE" or "BINARY" or "RTRIM"))
            throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"No such collation sequence: {collation}.", definition.SourceLine, definition.SourceColumn);
        return new ColumnSchema
        {
            Name = definition.Name,
            DeclaredType = definition.Type?.ToString(),
            NotNull = definition.NotNull,
            DefaultSql = definition.Default is null ? null : Printer.Print(definition.Default),
            NoCase = string.Equals(definition.Collation, "NOCASE", StringComparison.OrdinalIgnoreCase),
            Slot = slot,
        };
    }

    private static LightningSqlException Error(string message, SyntaxNode node) =>
        new(LightningErrorCode.SqlInvalidOperation, message, node.SourceLine, node.SourceColumn);
}
