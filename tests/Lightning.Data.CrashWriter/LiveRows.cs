namespace Lightning.Data.CrashWriter;

/// <summary>
/// The writer's own view of the table (id → batch), read at start and updated after every acknowledged unit, so it
/// can pick existing rows and batches to update and delete. The test never trusts it: it rebuilds the table from the
/// printed descriptions.
/// </summary>
internal sealed class LiveRows
{
    private readonly SortedDictionary<long, long> _batchOf = new();

    public int Count => _batchOf.Count;

    public long MaxId => _batchOf.Count == 0 ? 0 : _batchOf.Keys.Max();

    public long MaxBatch => _batchOf.Count == 0 ? 0 : _batchOf.Values.Max();

    public void Set(long id, long batch) => _batchOf[id] = batch;

    public bool TryGetBatch(long id, out long batch) => _batchOf.TryGetValue(id, out batch);

    /// <summary>Up to <paramref name="count"/> distinct existing ids not in <paramref name="exclude"/>.</summary>
    public long[] PickIds(Random random, int count, long[] exclude)
    {
        var candidates = new List<long>();
        foreach (long id in _batchOf.Keys)
            if (Array.IndexOf(exclude, id) < 0) candidates.Add(id);
        var picked = new List<long>();
        while (picked.Count < count && candidates.Count > 0)
        {
            int index = random.Next(candidates.Count);
            picked.Add(candidates[index]);
            candidates.RemoveAt(index);
        }
        return [.. picked];
    }

    /// <summary>A random existing id, or −1 when the table is empty.</summary>
    public long AnyId(Random random) => _batchOf.Count == 0 ? -1 : _batchOf.Keys.ElementAt(random.Next(_batchOf.Count));

    /// <summary>The smallest batch number that has rows (the oldest), or −1.</summary>
    public long OldestBatch() => _batchOf.Count == 0 ? -1 : _batchOf.Values.Min();

    /// <summary>The batch of a random existing row (so larger batches are likelier), or −1.</summary>
    public long AnyBatch(Random random)
    {
        long id = AnyId(random);
        return id < 0 ? -1 : _batchOf[id];
    }

    /// <summary>Records the effect of an acknowledged unit (the same rules as the test's model).</summary>
    public void Apply(SqlCrashUnit unit)
    {
        switch (unit.Kind)
        {
            case SqlCrashUnitKind.Insert:
                for (int i = 0; i < unit.Count; i++) _batchOf[unit.FirstId + i] = unit.Batch;
                break;
            case SqlCrashUnitKind.Transaction:
                for (int i = 0; i < unit.Count; i++) _batchOf[unit.FirstId + i] = unit.Batch;
                foreach (long id in unit.Updates)
                    if (_batchOf.ContainsKey(id)) _batchOf[id] = unit.Batch;
                foreach (long id in unit.Deletes) _batchOf.Remove(id);
                break;
            case SqlCrashUnitKind.DeleteBatch:
            case SqlCrashUnitKind.MoveBatch:
                foreach (long id in _batchOf.Keys.ToList())
                {
                    if (_batchOf[id] != unit.OldBatch) continue;
                    if (unit.Kind == SqlCrashUnitKind.DeleteBatch) _batchOf.Remove(id);
                    else _batchOf[id] = unit.Batch;
                }
                break;
        }
    }
}
