using Lightning.Data.Storage;

namespace Lightning.Data.Catalog;

/// <summary>
/// An immutable snapshot of all tables and indexes. Readers hold one for the length of a statement; DDL builds a new one
/// and publishes it when its transaction commits. Stored in the engine under key space 0 (see <see cref="CatalogStore"/>).
/// </summary>
internal sealed class SchemaCatalog
{
    /// <summary>Key space of the built-in <c>kv</c> table.</summary>
    public const uint KvTableId = 1;

    /// <summary>The first id given to user tables and indexes.</summary>
    public const uint FirstUserId = 16;

    public static readonly TableSchema KvTable = new()
    {
        Name = "kv",
        Id = KvTableId,
        Columns =
        [
            new ColumnSchema { Name = "key", DeclaredType = "BLOB", NotNull = true },
            new ColumnSchema { Name = "value", DeclaredType = "BLOB", Slot = 0 },
        ],
        KeyColumns = ["key"],
        KeyDescending = [false],
        SlotCount = 1,
        IsBuiltIn = true,
    };

    private readonly Dictionary<string, TableSchema> _tables;
    private readonly Dictionary<string, IndexSchema> _indexes;

    public SchemaCatalog(IEnumerable<TableSchema> tables, uint nextId, long version)
    {
        _tables = new Dictionary<string, TableSchema>(StringComparer.OrdinalIgnoreCase) { [KvTable.Name] = KvTable };
        _indexes = new Dictionary<string, IndexSchema>(StringComparer.OrdinalIgnoreCase);
        foreach (TableSchema table in tables)
        {
            _tables[table.Name] = table;
            foreach (IndexSchema index in table.Indexes) _indexes[index.Name] = index;
        }
        NextId = nextId;
        Version = version;
    }

    public static SchemaCatalog Empty { get; } = new([], FirstUserId, 0);

    /// <summary>The next unused key-space id.</summary>
    public uint NextId { get; }

    /// <summary>Increases with every published change; plans cached for an older version are rebuilt.</summary>
    public long Version { get; }

    public IEnumerable<TableSchema> Tables => _tables.Values;

    public IEnumerable<TableSchema> UserTables
    {
        get
        {
            foreach (TableSchema table in _tables.Values)
                if (!table.IsBuiltIn) yield return table;
        }
    }

    public TableSchema? FindTable(string name) => _tables.GetValueOrDefault(name);

    public IndexSchema? FindIndex(string name) => _indexes.GetValueOrDefault(name);

    /// <summary>A catalog with <paramref name="table"/> added or replaced (matched by id).</summary>
    public SchemaCatalog WithTable(TableSchema table, uint nextId)
    {
        var tables = new List<TableSchema>();
        foreach (TableSchema existing in UserTables)
            if (existing.Id != table.Id) tables.Add(existing);
        tables.Add(table);
        return new SchemaCatalog(tables, Math.Max(nextId, NextId), Version + 1);
    }

    /// <summary>A catalog without the table with id <paramref name="tableId"/>.</summary>
    public SchemaCatalog WithoutTable(uint tableId)
    {
        var tables = new List<TableSchema>();
        foreach (TableSchema existing in UserTables)
            if (existing.Id != tableId) tables.Add(existing);
        return new SchemaCatalog(tables, NextId, Version + 1);
    }

    /// <summary>Default values per slot of <paramref name="table"/> for rows stored before a column was added.</summary>
    public static SqlValue[] SlotDefaults(TableSchema table, Func<string, SqlValue> evaluateConstant)
    {
        var defaults = new SqlValue[table.SlotCount];
        foreach (ColumnSchema column in table.Columns)
            if (column.Slot >= 0 && column.DefaultSql is not null) defaults[column.Slot] = evaluateConstant(column.DefaultSql);
        return defaults;
    }
}
