using Lightning.Data.Catalog;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>CREATE/DROP/ALTER TABLE and CREATE/DROP INDEX: builds the new catalog, moves the data it implies (index
/// backfill, dropped key spaces) in the same transaction, and writes the catalog record.</summary>
internal sealed class DdlExecutor(PlanningContext planning)
{
    private StatementStorage Storage => planning.Execution.Storage;

    /// <summary>Runs a DDL statement; returns the new catalog, or null when nothing changed (IF [NOT] EXISTS).</summary>
    public SchemaCatalog? Execute(Statement statement) => statement switch
    {
        CreateTableStatement create => CreateTable(create),
        DropTableStatement drop => DropTable(drop),
        CreateIndexStatement index => CreateIndex(index),
        DropIndexStatement dropIndex => DropIndex(dropIndex),
        AlterTableAddColumnStatement add => AddColumn(add),
        AlterTableRenameStatement rename => RenameTable(rename),
        AlterTableRenameColumnStatement renameColumn => RenameColumn(renameColumn),
        AlterTableDropColumnStatement dropColumn => DropColumn(dropColumn),
        _ => throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, "Not a DDL statement."),
    };

    private SchemaCatalog Catalog => planning.Catalog;

    private SchemaCatalog? CreateTable(CreateTableStatement create)
    {
        if (Catalog.FindTable(create.Name) is not null || Catalog.FindIndex(create.Name) is not null)
        {
            if (create.IfNotExists && Catalog.FindTable(create.Name) is not null) return null;
            throw Error(LightningErrorCode.SqlUnknownObject, $"Table {create.Name} already exists.", create);
        }
        TableSchema table = TableDefinition.Build(create, Catalog.NextId, out uint nextId);
        return Save(Catalog.WithTable(table, nextId));
    }

    private SchemaCatalog? DropTable(DropTableStatement drop)
    {
        TableSchema? table = Catalog.FindTable(drop.Name);
        if (table is null)
        {
            if (drop.IfExists) return null;
            throw Error(LightningErrorCode.SqlUnknownObject, $"No such table: {drop.Name}.", drop);
        }
        if (table.IsBuiltIn) throw Error(LightningErrorCode.SqlInvalidOperation, "The built-in kv table cannot be dropped.", drop);
        DeleteKeySpace(table.Id);
        foreach (IndexSchema index in table.Indexes) DeleteKeySpace(index.Id);
        Storage.Delete(CatalogStore.SequenceKey(table.Id));
        planning.Execution.Session.ForgetRowIds();
        return Save(Catalog.WithoutTable(table.Id));
    }

    private SchemaCatalog? CreateIndex(CreateIndexStatement create)
    {
        if (Catalog.FindIndex(create.Name) is not null || Catalog.FindTable(create.Name) is not null)
        {
            if (create.IfNotExists && Catalog.FindIndex(create.Name) is not null) return null;
            throw Error(LightningErrorCode.SqlUnknownObject, $"Index {create.Name} already exists.", create);
        }
        TableSchema table = Catalog.FindTable(create.Table) ?? throw Error(LightningErrorCode.SqlUnknownObject, $"No such table: {create.Table}.", create);
        var columns = new string[create.Columns.Count];
        var descending = new bool[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            int ordinal = table.IndexOf(create.Columns[i].Name);
            if (ordinal < 0) throw Error(LightningErrorCode.SqlUnknownObject, $"Table {table.Name} has no column named {create.Columns[i].Name}.", create);
            columns[i] = table.Columns[ordinal].Name;
            descending[i] = create.Columns[i].Descending;
        }
        var index = new IndexSchema { Name = create.Name, Id = Catalog.NextId, Table = table.Name, Columns = columns, Descending = descending, Unique = create.Unique };
        TableSchema updated = table with { Indexes = [.. table.Indexes, index] };
        Backfill(updated, index);
        return Save(Catalog.WithTable(updated, Catalog.NextId + 1));
    }

    /// <summary>Writes the new index's entries for every existing row, failing on duplicates for a UNIQUE index.</summary>
    private void Backfill(TableSchema table, IndexSchema index)
    {
        TableLayout layout = planning.Layout(table, 0);
        var row = new SqlValue[table.Columns.Length];
        foreach (KeyValuePair<byte[], byte[]> entry in Storage.Scan(layout.Prefix, layout.PrefixEnd, reverse: false))
        {
            planning.Execution.Tick();
            layout.Decode(entry.Key, entry.Value, row);
            (byte[] key, byte[] value) = IndexKeys.Entry(index, table, row, entry.Key);
            if (value.Length > 0 && Storage.Get(key) is not null)
                throw new LightningSqlException(LightningErrorCode.SqlConstraintViolation,
                    $"UNIQUE constraint failed: {string.Join(", ", Array.ConvertAll(index.Columns, c => table.Name + "." + c))}: existing rows have duplicate values, so index {index.Name} cannot be created.");
            Storage.Put(key, value);
        }
    }

    private SchemaCatalog? DropIndex(DropIndexStatement drop)
    {
        IndexSchema? index = Catalog.FindIndex(drop.Name);
        if (index is null)
        {
            if (drop.IfExists) return null;
            throw Error(LightningErrorCode.SqlUnknownObject, $"No such index: {drop.Name}.", drop);
        }
        if (index.FromConstraint) throw Error(LightningErrorCode.SqlInvalidOperation, $"Index {index.Name} belongs to a UNIQUE constraint and cannot be dropped.", drop);
        TableSchema table = Catalog.FindTable(index.Table)!;
        DeleteKeySpace(index.Id);
        return Save(Catalog.WithTable(table with { Indexes = Array.FindAll(table.Indexes, i => i.Id != index.Id) }, Catalog.NextId));
    }

    private SchemaCatalog AddColumn(AlterTableAddColumnStatement add)
    {
        TableSchema table = UserTable(add.Table, add);
        ColumnDefinition definition = add.Column;
        if (table.IndexOf(definition.Name) >= 0) throw Error(LightningErrorCode.SqlUnknownObject, $"Duplicate column name: {definition.Name}.", add);
        if (definition.PrimaryKey || definition.Unique)
            throw Error(LightningErrorCode.SqlInvalidOperation, "ALTER TABLE ADD COLUMN cannot add a PRIMARY KEY or UNIQUE column.", add);
        ColumnSchema column = TableDefinition.Column(definition, table.SlotCount);
        if (column.NotNull && column.DefaultSql is null)
            throw Error(LightningErrorCode.SqlConstraintViolation, "Cannot add a NOT NULL column without a DEFAULT.", add);
        if (column.DefaultSql is not null) Engine.ConstantEvaluator.Evaluate(column.DefaultSql); // must be constant: old rows read it
        return Save(Catalog.WithTable(table with { Columns = [.. table.Columns, column], SlotCount = table.SlotCount + 1 }, Catalog.NextId));
    }

    private SchemaCatalog RenameTable(AlterTableRenameStatement rename)
    {
        TableSchema table = UserTable(rename.Table, rename);
        if (Catalog.FindTable(rename.NewName) is { } existing && existing.Id != table.Id)
            throw Error(LightningErrorCode.SqlUnknownObject, $"There is already a table named {rename.NewName}.", rename);
        var indexes = Array.ConvertAll(table.Indexes, i => i with { Table = rename.NewName });
        SchemaCatalog catalog = Catalog.WithTable(table with { Name = rename.NewName, Indexes = indexes }, Catalog.NextId);
        // Foreign keys that reference the table follow the new name, as SQLite's RENAME TO rewrites them.
        return Save(UpdateReferences(catalog, table.Name, f => f with { ReferencedTable = rename.NewName }));
    }

    private SchemaCatalog RenameColumn(AlterTableRenameColumnStatement rename)
    {
        TableSchema table = UserTable(rename.Table, rename);
        int ordinal = table.IndexOf(rename.OldName);
        if (ordinal < 0) throw Error(LightningErrorCode.SqlUnknownObject, $"Table {table.Name} has no column named {rename.OldName}.", rename);
        if (table.IndexOf(rename.NewName) is int other and >= 0 && other != ordinal)
            throw Error(LightningErrorCode.SqlUnknownObject, $"Duplicate column name: {rename.NewName}.", rename);
        string old = table.Columns[ordinal].Name;
        string Rename(string name) => string.Equals(name, old, StringComparison.OrdinalIgnoreCase) ? rename.NewName : name;
        ColumnSchema[] columns = (ColumnSchema[])table.Columns.Clone();
        columns[ordinal] = columns[ordinal] with { Name = rename.NewName };
        TableSchema updated = table with
        {
            Columns = columns,
            KeyColumns = Array.ConvertAll(table.KeyColumns, Rename),
            Indexes = Array.ConvertAll(table.Indexes, i => i with { Columns = Array.ConvertAll(i.Columns, Rename) }),
            ForeignKeys = Array.ConvertAll(table.ForeignKeys, f => f with { Columns = Array.ConvertAll(f.Columns, Rename) }),
        };
        SchemaCatalog catalog = Catalog.WithTable(updated, Catalog.NextId);
        return Save(UpdateReferences(catalog, table.Name, f => f with { ReferencedColumns = Array.ConvertAll(f.ReferencedColumns, Rename) }));
    }

    /// <summary>A catalog where every foreign key referencing table <paramref name="referenced"/> is rewritten by <paramref name="change"/>.</summary>
    private static SchemaCatalog UpdateReferences(SchemaCatalog catalog, string referenced, Func<ForeignKeySchema, ForeignKeySchema> change)
    {
        foreach (TableSchema table in catalog.UserTables.ToList())
        {
            if (!Array.Exists(table.ForeignKeys, f => string.Equals(f.ReferencedTable, referenced, StringComparison.OrdinalIgnoreCase))) continue;
            // Re-read: a self-reference was already renamed in the table just stored.
            TableSchema current = catalog.FindTable(table.Name)!;
            ForeignKeySchema[] keys = Array.ConvertAll(current.ForeignKeys,
                f => string.Equals(f.ReferencedTable, referenced, StringComparison.OrdinalIgnoreCase) ? change(f) : f);
            catalog = catalog.WithTable(current with { ForeignKeys = keys }, catalog.NextId);
        }
        return catalog;
    }

    private SchemaCatalog DropColumn(AlterTableDropColumnStatement drop)
    {
        TableSchema table = UserTable(drop.Table, drop);
        int ordinal = table.IndexOf(drop.Column);
        if (ordinal < 0) throw Error(LightningErrorCode.SqlUnknownObject, $"Table {table.Name} has no column named {drop.Column}.", drop);
        string name = table.Columns[ordinal].Name;
        if (table.Columns[ordinal].Slot < 0 || Array.Exists(table.Indexes, i => Array.Exists(i.Columns, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase))))
            throw Error(LightningErrorCode.SqlInvalidOperation, $"Cannot drop column {name}: it is part of the primary key or an index.", drop);
        if (table.Columns.Length == 1) throw Error(LightningErrorCode.SqlInvalidOperation, "Cannot drop the only column of a table.", drop);
        // The slot stays allocated: stored rows keep the bytes, which are never read again.
        return Save(Catalog.WithTable(table with { Columns = Array.FindAll(table.Columns, c => !ReferenceEquals(c, table.Columns[ordinal])) }, Catalog.NextId));
    }

    private TableSchema UserTable(string name, SyntaxNode node)
    {
        TableSchema table = Catalog.FindTable(name) ?? throw Error(LightningErrorCode.SqlUnknownObject, $"No such table: {name}.", node);
        if (table.IsBuiltIn) throw Error(LightningErrorCode.SqlInvalidOperation, "The built-in kv table cannot be altered.", node);
        return table;
    }

    private void DeleteKeySpace(uint id)
    {
        byte[] prefix = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix, id);
        foreach (KeyValuePair<byte[], byte[]> entry in Storage.Scan(prefix, KeyEncoder.PrefixEnd(prefix), reverse: false))
        {
            planning.Execution.Tick();
            Storage.Delete(entry.Key);
        }
    }

    private SchemaCatalog Save(SchemaCatalog catalog)
    {
        Storage.Put(CatalogStore.Key.ToArray(), CatalogStore.Serialize(catalog));
        return catalog;
    }

    private static LightningSqlException Error(LightningErrorCode code, string message, SyntaxNode node) => new(code, message, node.SourceLine, node.SourceColumn);
}
