namespace Lightning.Data.CrashWriter;

/// <summary>
/// Picks the next unit from a seeded random stream and the writer's view of the table, keeping the table small
/// (a few hundred rows) so that every recovery and check in the test stays fast.
/// </summary>
internal sealed class UnitChooser
{
    /// <summary>Above this many rows, the oldest batch is deleted before anything else happens.</summary>
    private const int MaxRows = 250;

    private readonly Random _random;
    private readonly LiveRows _rows;
    private long _nextId;
    private long _nextBatch;

    public UnitChooser(int seed, LiveRows rows, long firstId, long firstBatch)
    {
        _random = new Random(seed);
        _rows = rows;
        // Never reuse an id or batch number the test saw described, even if that unit did not survive the kill.
        _nextId = Math.Max(firstId, rows.MaxId + 1);
        _nextBatch = Math.Max(firstBatch, rows.MaxBatch + 1);
    }

    public SqlCrashUnit Next()
    {
        int roll = _random.Next(100);
        if (_rows.Count > MaxRows) return Batchwise(SqlCrashUnitKind.DeleteBatch, _rows.OldestBatch());
        if (_rows.Count == 0 && roll >= 25) roll = _random.Next(25); // nothing to update or delete yet
        SqlCrashUnit unit = roll switch
        {
            < 25 => Fresh(SqlCrashUnitKind.Insert, _random.Next(1, 21), [], [], failRows: 0),
            < 50 => Transaction(SqlCrashUnitKind.Transaction),
            < 57 => Transaction(SqlCrashUnitKind.Rollback),
            < 70 => Batchwise(SqlCrashUnitKind.MoveBatch, _rows.AnyBatch(_random)),
            < 88 => Batchwise(SqlCrashUnitKind.DeleteBatch, _random.Next(2) == 0 ? _rows.OldestBatch() : _rows.AnyBatch(_random)),
            _ => Fresh(SqlCrashUnitKind.FailingInsert, 0, [], [], failRows: _random.Next(2, 9)),
        };
        return unit;
    }

    private SqlCrashUnit Transaction(SqlCrashUnitKind kind)
    {
        long[] updates = _rows.PickIds(_random, _random.Next(0, 6), []);
        long[] deletes = _rows.PickIds(_random, _random.Next(0, 6), updates);
        int failRows = _random.Next(4) == 0 ? _random.Next(2, 7) : 0;
        return Fresh(kind, _random.Next(0, 9), updates, deletes, failRows);
    }

    private SqlCrashUnit Fresh(SqlCrashUnitKind kind, int count, long[] updates, long[] deletes, int failRows)
    {
        int failAt = failRows > 0 ? _random.Next(1, failRows) : -1;
        // Repeat an existing row's payload or id (found through the store's index or key), or else the statement's own first row's.
        long duplicateOf = failRows > 0 && _random.Next(4) != 0 ? _rows.AnyId(_random) : -1;
        if (Array.IndexOf(deletes, duplicateOf) >= 0) duplicateOf = -1; // deleted earlier in the same transaction
        bool failOnId = failRows > 0 && _random.Next(3) == 0;
        var unit = new SqlCrashUnit(kind, _nextBatch++, -1, _nextId, count, updates, deletes, failRows, failAt, duplicateOf, failOnId);
        _nextId += unit.IdsUsed;
        return unit;
    }

    private SqlCrashUnit Batchwise(SqlCrashUnitKind kind, long oldBatch) =>
        new(kind, kind == SqlCrashUnitKind.MoveBatch ? _nextBatch++ : -1, oldBatch, _nextId, 0, [], [], 0, -1, -1, false);
}
