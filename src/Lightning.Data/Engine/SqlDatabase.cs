using System.Collections.Concurrent;
using Lightning.Data.Catalog;
using Lightning.Data.Sql.Parsing;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Engine;

/// <summary>
/// One open database shared by every connection to its path in this process (reference-counted): the engine instance,
/// the published catalog and the statement cache. <c>:memory:</c> databases are private to one connection and live in
/// a temporary directory that is deleted when it closes.
/// </summary>
internal sealed class SqlDatabase
{
    private const int StatementCacheCapacity = 1024;

    private static readonly Dictionary<string, SqlDatabase> Open = new(StringComparer.Ordinal);
    private static readonly Lock RegistryLock = new();

    private readonly string _key;
    private readonly bool _isMemory;
    private int _references;
    private volatile SchemaCatalog _catalog;
    private readonly ConcurrentDictionary<string, IReadOnlyList<Statement>> _statements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Statement, Execution.PlanPool> _plans = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<(uint Table, long Version), SqlValue[]> _slotDefaults = new();
    private readonly ConcurrentDictionary<(uint Table, long Version, int BaseSlot), Execution.Operators.TableLayout> _layouts = new();

    private SqlDatabase(string key, LightningDb store, bool isMemory)
    {
        _key = key;
        _isMemory = isMemory;
        Store = store;
        _catalog = CatalogStore.Load(store);
    }

    public LightningDb Store { get; }

    /// <summary>The latest committed catalog.</summary>
    public SchemaCatalog Catalog => _catalog;

    /// <summary>Opens (or joins) the database the settings name.</summary>
    public static SqlDatabase Acquire(LightningConnectionStringBuilder settings)
    {
        bool memory = settings.Mode == LightningOpenMode.Memory || string.Equals(settings.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase);
        if (memory)
        {
            string directory = Path.Combine(Path.GetTempPath(), "lightning-memory-" + Guid.NewGuid().ToString("N"));
            LightningDb store = LightningDb.Open(directory, Options(settings, Durability.None, create: true));
            return new SqlDatabase(directory, store, isMemory: true) { _references = 1 };
        }
        string path = Path.GetFullPath(settings.DataSource);
        lock (RegistryLock)
        {
            if (Open.TryGetValue(path, out SqlDatabase? shared))
            {
                shared._references++;
                return shared;
            }
            if (settings.Mode != LightningOpenMode.ReadWriteCreate && !Directory.Exists(path))
                throw new LightningException(LightningErrorCode.IOError, $"The database '{path}' does not exist (Mode={settings.Mode} does not create it).");
            LightningDb store = LightningDb.Open(path, Options(settings, settings.Durability, create: settings.Mode == LightningOpenMode.ReadWriteCreate));
            SqlDatabase database;
            try
            {
                database = new SqlDatabase(path, store, isMemory: false) { _references = 1 };
            }
            catch
            {
                store.Dispose();
                throw;
            }
            Open[path] = database;
            return database;
        }
    }

    private static LightningDbOptions Options(LightningConnectionStringBuilder settings, Durability durability, bool create)
    {
        var options = new LightningDbOptions { Durability = durability, CreateIfMissing = create };
        if (settings.CacheSize > 0) options.CacheSize = settings.CacheSize;
        return options;
    }

    /// <summary>Drops one reference; the last one closes the engine.</summary>
    public void Release()
    {
        if (_isMemory)
        {
            Store.Dispose();
            try
            {
                Directory.Delete(_key, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
            return;
        }
        lock (RegistryLock)
        {
            if (--_references > 0) return;
            Open.Remove(_key);
            // Closed under the lock: a connection opening the same path meanwhile would otherwise find the directory
            // still locked by this closing instance and fail with DatabaseLocked.
            Store.Dispose();
        }
    }

    /// <summary>The parsed statements of <paramref name="sql"/>, cached by text (bounded; a full cache is cleared).</summary>
    public IReadOnlyList<Statement> Parse(string sql)
    {
        if (_statements.TryGetValue(sql, out IReadOnlyList<Statement>? cached)) return cached;
        IReadOnlyList<Statement> parsed = SqlParser.Parse(sql);
        if (_statements.Count >= StatementCacheCapacity)
        {
            _statements.Clear();
            _plans.Clear();
        }
        _statements[sql] = parsed;
        return parsed;
    }

    /// <summary>The pool of prepared plans for a cached statement (keyed by the parsed statement's identity).</summary>
    public Execution.PlanPool PlansOf(Statement statement)
    {
        if (_plans.TryGetValue(statement, out Execution.PlanPool? pool)) return pool;
        if (_plans.Count >= 2 * StatementCacheCapacity) _plans.Clear();
        return _plans.GetOrAdd(statement, static _ => new Execution.PlanPool());
    }

    /// <summary>Makes a committed catalog change visible to every connection.</summary>
    public void Publish(SchemaCatalog catalog)
    {
        lock (RegistryLock)
        {
            if (catalog.Version > _catalog.Version) _catalog = catalog;
        }
    }

    /// <summary>The storage layout of <paramref name="table"/> at <paramref name="baseSlot"/> for catalog <paramref name="catalogVersion"/>
    /// (layouts are immutable; uncommitted DDL in another session has its own version numbers only once published, so
    /// a session's pending catalog, whose version is not yet published, is not cached).</summary>
    public Execution.Operators.TableLayout Layout(TableSchema table, int baseSlot, long catalogVersion)
    {
        if (catalogVersion != _catalog.Version) return new Execution.Operators.TableLayout(table, baseSlot, SlotDefaults(table, catalogVersion));
        if (_layouts.TryGetValue((table.Id, catalogVersion, baseSlot), out Execution.Operators.TableLayout? layout) && ReferenceEquals(layout.Table, table)) return layout;
        if (_layouts.Count > 4096) _layouts.Clear();
        layout = new Execution.Operators.TableLayout(table, baseSlot, SlotDefaults(table, catalogVersion));
        _layouts[(table.Id, catalogVersion, baseSlot)] = layout;
        return layout;
    }

    /// <summary>Per-slot default values of <paramref name="table"/> (for rows stored before ADD COLUMN).</summary>
    public SqlValue[] SlotDefaults(TableSchema table, long catalogVersion)
    {
        // Only published catalogs are cached: two sessions' uncommitted DDL can share a version number.
        if (catalogVersion != _catalog.Version) return SchemaCatalog.SlotDefaults(table, ConstantEvaluator.Evaluate);
        return _slotDefaults.GetOrAdd((table.Id, catalogVersion), _ => SchemaCatalog.SlotDefaults(table, ConstantEvaluator.Evaluate));
    }
}
