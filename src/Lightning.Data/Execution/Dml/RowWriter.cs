using System.Buffers.Binary;
using Lightning.Data.Catalog;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>
/// Writes and removes one table's rows with everything that goes with them: storage-class checks, NOT NULL, CHECK,
/// primary-key and UNIQUE enforcement, index entries, and integer key generation (max + 1, or never-reused with AUTOINCREMENT).
/// </summary>
internal sealed class RowWriter
{
    private readonly PlanningContext _planning;
    private readonly BoundExpression[] _checks;
    private readonly Frame _checkFrame;

    public RowWriter(PlanningContext planning, TableSchema table)
    {
        _planning = planning;
        Table = table;
        Layout = planning.Layout(table, 0);
        _checks = table.Checks.Length == 0 ? [] : BindChecks(planning, table);
        _checkFrame = new Frame(0, null, planning.Execution);
    }

    private static BoundExpression[] BindChecks(PlanningContext planning, TableSchema table)
    {
        var scope = new QueryScope(null);
        scope.Add(table.Name, Array.ConvertAll(table.Columns, c => c.Name), Array.ConvertAll(table.Columns, c => c.Affinity),
            Array.ConvertAll(table.Columns, c => c.NoCase), table, null);
        var binder = new ExpressionBinder(scope, planning);
        return Array.ConvertAll(table.Checks, sql => binder.Bind(Engine.ConstantEvaluator.ParseExpression(sql)));
    }

    public TableSchema Table { get; }
    public TableLayout Layout { get; }
    private StatementStorage Storage => _planning.Execution.Storage;

    /// <summary>Converts each value to its column's storage class and checks NOT NULL and CHECK; throws a clear error otherwise.</summary>
    public void Validate(SqlValue[] row, bool allowNullIntegerKey = false)
    {
        int generatedKey = allowNullIntegerKey && Table.HasIntegerKey && !Table.HasHiddenRowId ? Layout.KeyOrdinals[0] : -1;
        for (int i = 0; i < Table.Columns.Length; i++)
        {
            ColumnSchema column = Table.Columns[i];
            SqlValue value = row[i];
            if (value.IsNull)
            {
                if (i == generatedKey) continue;
                if (column.NotNull || IsKeyColumn(column.Name))
                    throw new LightningSqlException(LightningErrorCode.SqlConstraintViolation, $"NOT NULL constraint failed: {Table.Name}.{column.Name}.");
                continue;
            }
            if (!TypeAffinity.TryConvert(value, column.Affinity, out SqlValue converted))
                throw new LightningSqlException(LightningErrorCode.SqlTypeMismatch,
                    $"Column {Table.Name}.{column.Name} is {column.DeclaredType ?? "untyped"} ({column.Affinity.ToString().ToUpperInvariant()}); it cannot store {Describe(value)}.");
            row[i] = converted;
        }
        for (int i = 0; i < _checks.Length; i++)
        {
            _checkFrame.Row = row;
            if (_checks[i].Evaluate(_checkFrame).AsBoolean == false)
                throw new LightningSqlException(LightningErrorCode.SqlConstraintViolation, $"CHECK constraint failed: {Table.Checks[i]}.");
        }
    }

    // A loop, not Array.Exists with a lambda: the lambda's captured column made every validated value allocate a closure.
    private bool IsKeyColumn(string name)
    {
        foreach (string key in Table.KeyColumns)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static string Describe(in SqlValue value) => value.Type switch
    {
        SqlType.Text => $"the TEXT value {Truncate(value.ToString())}",
        SqlType.Blob => $"a BLOB of {value.Blob.Length} bytes",
        SqlType.Real => $"the REAL value {value}",
        _ => $"the {value.Type.ToString().ToUpperInvariant()} value {value}",
    };

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "…'" : text;

    /// <summary>Fills a NULL integer key (or picks the hidden rowid) with the next id; returns the row's storage key.</summary>
    public byte[] AssignKey(SqlValue[] row, out long rowId)
    {
        rowId = 0;
        if (Table.HasHiddenRowId)
        {
            rowId = NextId();
            return Layout.EncodeKey(row, rowId);
        }
        if (Table.HasIntegerKey)
        {
            int ordinal = Layout.KeyOrdinals[0];
            if (row[ordinal].IsNull) row[ordinal] = SqlValue.FromInteger(NextId());
            else if (row[ordinal].Type == SqlType.Integer) NoteExplicitId(row[ordinal].Integer);
            if (row[ordinal].Type == SqlType.Integer) rowId = row[ordinal].Integer;
        }
        return Layout.EncodeKey(row, rowId);
    }

    private long NextId()
    {
        Engine.SqlSession session = _planning.Execution.Session;
        if (!session.TryTakeNextRowId(Table.Id, out long next))
        {
            long max = MaxStoredId();
            if (Table.AutoIncrement)
            {
                byte[]? sequence = Storage.Get(CatalogStore.SequenceKey(Table.Id));
                if (sequence is { Length: 8 }) max = Math.Max(max, BinaryPrimitives.ReadInt64BigEndian(sequence));
            }
            if (max == long.MaxValue) throw new LightningSqlException(LightningErrorCode.SqlConstraintViolation, $"Table {Table.Name} has used every 64-bit id.");
            next = max + 1;
        }
        session.SetNextRowId(Table.Id, next + 1);
        if (Table.AutoIncrement)
        {
            byte[] value = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(value, next);
            Storage.Put(CatalogStore.SequenceKey(Table.Id), value);
        }
        return next;
    }

    private void NoteExplicitId(long id)
    {
        Engine.SqlSession session = _planning.Execution.Session;
        if (session.TryPeekNextRowId(Table.Id, out long next) && id >= next) session.SetNextRowId(Table.Id, id == long.MaxValue ? id : id + 1);
        if (Table.AutoIncrement)
        {
            byte[]? sequence = Storage.Get(CatalogStore.SequenceKey(Table.Id));
            long high = sequence is { Length: 8 } ? BinaryPrimitives.ReadInt64BigEndian(sequence) : long.MinValue;
            if (id > high)
            {
                byte[] value = new byte[8];
                BinaryPrimitives.WriteInt64BigEndian(value, id);
                Storage.Put(CatalogStore.SequenceKey(Table.Id), value);
            }
        }
    }

    private long MaxStoredId()
    {
        bool descending = !Table.HasHiddenRowId && Table.KeyDescending[0];
        foreach (KeyValuePair<byte[], byte[]> entry in Storage.Scan(Layout.Prefix, Layout.PrefixEnd, reverse: !descending))
        {
            int offset = 4;
            SqlValue id = KeyEncoder.Read(entry.Key, ref offset, descending);
            return id.Type == SqlType.Integer ? Math.Max(0, id.Integer) : 0;
        }
        return 0;
    }

    /// <summary>The stored row at <paramref name="key"/>, decoded, or null.</summary>
    public SqlValue[]? Load(byte[] key)
    {
        byte[]? value = Storage.Get(key);
        if (value is null) return null;
        var row = new SqlValue[Table.Columns.Length];
        Layout.Decode(key, value, row);
        return row;
    }

    /// <summary>The key of an existing row that a new row would collide with (same primary key or same UNIQUE index value), or null.
    /// <paramref name="keyIsNew"/> (from <see cref="IsAboveKeyCeiling"/>) skips the primary-key read.</summary>
    public byte[]? FindConflict(SqlValue[] row, byte[] key, byte[]? ignoreKey, bool keyIsNew = false)
    {
        if (!Table.HasHiddenRowId && !keyIsNew && !SameKey(key, ignoreKey) && Storage.Contains(key)) return key;
        foreach (IndexSchema index in Table.Indexes)
        {
            if (!index.Unique) continue;
            (byte[] entryKey, byte[] entryValue) = IndexKeys.Entry(index, Table, row, key);
            if (entryValue.Length == 0) continue; // contains NULL: never conflicts
            byte[]? existing = Storage.Get(entryKey);
            if (existing is null) continue;
            byte[] other = IndexKeys.RowKeyOf(entryKey, existing, index.Columns.Length, index.Descending, Layout.Prefix);
            if (!SameKey(other, key) && !SameKey(other, ignoreKey)) return other;
        }
        return null;
    }

    /// <summary>
    /// Whether the row's INTEGER PRIMARY KEY is above every key of the table this transaction can see, so that no stored
    /// row can have it and the uniqueness read can be skipped. Only inside an explicit transaction, after a few probes
    /// of the table, one seek to its last key sets the session's ceiling (see SqlSession.KeyCeilings); rows stored since
    /// raise it. A concurrent transaction's row with the same key is invisible either way and fails our commit as a conflict.
    /// </summary>
    public bool IsAboveKeyCeiling(SqlValue[] row)
    {
        if (Table.HasHiddenRowId || !Table.HasIntegerKey) return false;
        SqlValue key = row[Layout.KeyOrdinals[0]];
        if (key.Type != SqlType.Integer) return false;
        Engine.SqlSession session = _planning.Execution.Session;
        if (!session.TryGetKeyCeiling(Table.Id, out long ceiling))
        {
            // The seek sees the transaction, not this statement's buffered rows: only establish while there are none.
            if (!session.CountKeyProbe(Table.Id) || Storage.MayHaveWritesWithin(Layout.Prefix)) return false;
            long? found = LastIntegerKey();
            session.SetKeyCeiling(Table.Id, found);
            if (found is null) return false;
            ceiling = found.Value;
        }
        return key.Integer > ceiling;
    }

    /// <summary>The largest integer key of the table as the transaction sees it (long.MinValue when it is empty), or null when
    /// its last key is not an integer (a REAL or TEXT value in the INTEGER PRIMARY KEY sorts after every integer).</summary>
    private long? LastIntegerKey()
    {
        bool descending = Table.KeyDescending[0];
        foreach (KeyValuePair<byte[], byte[]> entry in Storage.Scan(Layout.Prefix, Layout.PrefixEnd, reverse: !descending))
        {
            int offset = 4;
            SqlValue id = KeyEncoder.Read(entry.Key, ref offset, descending);
            return id.Type == SqlType.Integer ? id.Integer : null;
        }
        return long.MinValue;
    }

    public LightningSqlException ConflictError(SqlValue[] row, byte[] key, byte[] conflict)
    {
        if (SameKey(conflict, key) && !Table.HasHiddenRowId)
            return new LightningSqlException(LightningErrorCode.SqlConstraintViolation,
                $"UNIQUE constraint failed: {string.Join(", ", Array.ConvertAll(Table.KeyColumns, c => Table.Name + "." + c))} (PRIMARY KEY).");
        foreach (IndexSchema index in Table.Indexes)
        {
            if (!index.Unique) continue;
            (byte[] entryKey, byte[] entryValue) = IndexKeys.Entry(index, Table, row, key);
            if (entryValue.Length > 0 && Storage.Get(entryKey) is not null)
                return new LightningSqlException(LightningErrorCode.SqlConstraintViolation,
                    $"UNIQUE constraint failed: {string.Join(", ", Array.ConvertAll(index.Columns, c => Table.Name + "." + c))} (index {index.Name}).");
        }
        return new LightningSqlException(LightningErrorCode.SqlConstraintViolation, $"UNIQUE constraint failed on table {Table.Name}.");
    }

    private static bool SameKey(byte[]? a, byte[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);

    /// <summary>Stores the row and its index entries (call <see cref="FindConflict"/> first).</summary>
    public void Insert(SqlValue[] row, byte[] key)
    {
        Storage.Put(key, Layout.EncodeValue(row));
        if (!Table.HasHiddenRowId && Table.HasIntegerKey) _planning.Execution.Session.NoteStoredKey(Table.Id, row[Layout.KeyOrdinals[0]]);
        foreach (IndexSchema index in Table.Indexes)
        {
            (byte[] entryKey, byte[] entryValue) = IndexKeys.Entry(index, Table, row, key);
            Storage.Put(entryKey, entryValue);
        }
    }

    /// <summary>Removes the row and its index entries.</summary>
    public void Remove(SqlValue[] row, byte[] key)
    {
        Storage.Delete(key);
        foreach (IndexSchema index in Table.Indexes)
        {
            (byte[] entryKey, byte[] entryValue) = IndexKeys.Entry(index, Table, row, key);
            // A unique entry may already point at another row that took the value in this statement: keep that one.
            if (entryValue.Length > 0)
            {
                byte[]? current = Storage.Get(entryKey);
                if (current is not null && !current.AsSpan().SequenceEqual(entryValue)) continue;
            }
            Storage.Delete(entryKey);
        }
    }

    /// <summary>Evaluates bound RETURNING items over <paramref name="row"/>.</summary>
    public static SqlValue[] Returned(BoundExpression[] items, Frame frame, SqlValue[] row)
    {
        frame.Row = row;
        var output = new SqlValue[items.Length];
        for (int i = 0; i < output.Length; i++) output[i] = items[i].Evaluate(frame);
        return output;
    }

    /// <summary>Binds RETURNING items against this table's row (at slot 0).</summary>
    public (BoundExpression[] Items, ResultColumn[] Columns) BindReturning(IReadOnlyList<SelectItem> returning, string? alias)
    {
        var scope = new QueryScope(null);
        var names = Array.ConvertAll(Table.Columns, c => c.Name);
        var columns = new ResultColumn?[names.Length];
        for (int i = 0; i < names.Length; i++) columns[i] = SelectPlanner.ColumnMetadata(Table, i, names[i]);
        scope.Add(alias ?? Table.Name, names, Array.ConvertAll(Table.Columns, c => c.Affinity), Array.ConvertAll(Table.Columns, c => c.NoCase), Table, columns);
        var binder = new ExpressionBinder(scope, _planning);
        var items = new List<BoundExpression>();
        var result = new List<ResultColumn>();
        foreach (SelectItem item in returning)
        {
            if (item.Expression is StarExpression)
            {
                for (int i = 0; i < names.Length; i++)
                {
                    items.Add(new SlotReference(i, names[i], columns[i]!.StorageType));
                    result.Add(columns[i]!);
                }
                continue;
            }
            BoundExpression bound = binder.Bind(item.Expression);
            items.Add(bound);
            result.Add(item.Expression is ColumnExpression c && Table.IndexOf(c.Column) is int o and >= 0
                ? columns[o]! with { Name = item.Alias ?? c.Column }
                : new ResultColumn(item.Alias ?? bound.ToString()) { StorageType = bound.ResultType, IsExpression = true });
        }
        return ([.. items], [.. result]);
    }
}
