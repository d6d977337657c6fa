using System.Text;
using Lightning.Data.CrashWriter;

namespace Lightning.Data.Tests.Recovery;

/// <summary>
/// The expected contents of table <c>t</c> (id → batch, payload), rebuilt from the SQL crash writer's output: every
/// acknowledged unit is applied in order, a rejected INSERT and a rolled-back transaction apply nothing, and the one
/// unit that may have been in flight at the kill is kept aside until the recovered table shows whether it made it
/// (whole) or not (not at all).
/// </summary>
internal sealed class SqlCrashModel
{
    private SortedDictionary<long, SqlCrashRow> _rows = new();

    // Payloads and batches that existed at some point since the last check: the index lookups must not find them
    // unless the model still has them. Payloads also keep their order, so a check can take the most recent ones.
    private readonly HashSet<string> _recentPayloads = new(StringComparer.Ordinal);
    private readonly List<string> _recentPayloadOrder = [];
    private readonly HashSet<long> _recentBatches = new();

    public IReadOnlyDictionary<long, SqlCrashRow> Rows => _rows;

    public long MaxIdSeen { get; private set; }

    public long MaxBatchSeen { get; private set; }

    public int AcknowledgedTotal { get; private set; }

    public int RejectedTotal { get; private set; }

    public int InFlightApplied { get; private set; }

    public int InFlightLost { get; private set; }

    /// <summary>In-flight units that change nothing either way (a rollback, a failing INSERT, an empty batch).</summary>
    public int InFlightWithoutEffect { get; private set; }

    /// <summary>Applies the acknowledged units of one run; returns the unit in flight at the kill, if any.</summary>
    public SqlCrashUnit? ApplyLog(IReadOnlyList<string> lines, string context, out int acknowledged)
    {
        acknowledged = 0;
        SqlCrashUnit? pending = null;
        string? pendingText = null;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line == SqlCrashProtocol.Opened) continue;
            if (!SqlCrashProtocol.TryParse(line, out SqlCrashLineKind kind, out SqlCrashUnit unit))
            {
                // Only the very last line may be cut short by the kill; anything else is a protocol bug.
                Assert.True(i == lines.Count - 1, $"{context}: unparseable writer line '{line}'");
                continue;
            }
            string text = unit.Describe();
            MaxIdSeen = Math.Max(MaxIdSeen, unit.FirstId + unit.IdsUsed - 1);
            MaxBatchSeen = Math.Max(MaxBatchSeen, Math.Max(unit.Batch, unit.OldBatch));
            if (kind == SqlCrashLineKind.Begin)
            {
                Assert.True(pending is null, $"{context}: writer began '{text}' while '{pendingText}' was unacknowledged");
                pending = unit;
                pendingText = text;
                continue;
            }
            Assert.True(pendingText == text, $"{context}: writer acknowledged '{text}' but began '{pendingText}'");
            Assert.True(kind == SqlCrashLineKind.Rejected == (unit.Kind == SqlCrashUnitKind.FailingInsert),
                $"{context}: '{line}' is the wrong outcome for its kind");
            pending = null;
            pendingText = null;
            RememberUnit(unit);
            if (kind == SqlCrashLineKind.Rejected) RejectedTotal++;
            else if (unit.Kind != SqlCrashUnitKind.Rollback) Apply(_rows, unit);
            acknowledged++;
        }
        AcknowledgedTotal += acknowledged;
        return pending;
    }

    /// <summary>Decides from the recovered table whether the in-flight unit happened; the table must equal the model
    /// before the unit or after it, nothing in between.</summary>
    public void ResolveInFlight(SortedDictionary<long, SqlCrashRow> actual, SqlCrashUnit unit, string context)
    {
        RememberUnit(unit);
        var after = new SortedDictionary<long, SqlCrashRow>(_rows);
        bool hasEffect = unit.Kind is not (SqlCrashUnitKind.Rollback or SqlCrashUnitKind.FailingInsert);
        if (hasEffect) Apply(after, unit);
        bool isBefore = Same(actual, _rows), isAfter = Same(actual, after);
        if (!isBefore && !isAfter)
        {
            // Either the in-flight unit is partly there, or an acknowledged unit is missing or changed.
            Assert.Fail($"{context}: the table matches neither the acknowledged units alone nor them plus the unit in flight at the kill " +
                $"({unit.Describe()}): a torn unit or a lost acknowledged one.\n" +
                $"  against the model before it: {Difference(actual, _rows)}\n  against the model after it: {Difference(actual, after)}");
        }
        RememberRecent(after);
        // The rows the in-flight unit changes go to the front of the probes, whenever they were first seen.
        foreach ((long id, SqlCrashRow row) in _rows)
            if (!after.TryGetValue(id, out SqlCrashRow changed) || changed != row) _recentPayloadOrder.Add(row.Payload);
        foreach ((long id, SqlCrashRow row) in after)
            if (!_rows.TryGetValue(id, out SqlCrashRow old) || old != row) _recentPayloadOrder.Add(row.Payload);
        if (isBefore && isAfter) InFlightWithoutEffect++;
        else if (isAfter) InFlightApplied++;
        else InFlightLost++;
        if (isAfter) _rows = after;
    }

    /// <summary>Adds a row the test itself wrote.</summary>
    public void Add(long id, long batch)
    {
        _rows[id] = new SqlCrashRow(batch, SqlCrashProtocol.Payload(id, batch));
        MaxIdSeen = Math.Max(MaxIdSeen, id);
        MaxBatchSeen = Math.Max(MaxBatchSeen, batch);
    }

    /// <summary>Up to <paramref name="limit"/> payloads written, tried or removed since <see cref="ForgetRecent"/>, the
    /// most recent first (the in-flight unit's among them); the model's current ones and repeats may be included.</summary>
    public IEnumerable<string> RecentPayloads(int limit)
    {
        for (int i = _recentPayloadOrder.Count - 1; i >= 0 && i >= _recentPayloadOrder.Count - limit; i--) yield return _recentPayloadOrder[i];
    }

    /// <summary>Batches written, emptied or removed since <see cref="ForgetRecent"/> (current ones may be among them).</summary>
    public IReadOnlyCollection<long> RecentBatches => _recentBatches;

    /// <summary>The batches the model's rows are in.</summary>
    public SortedSet<long> CurrentBatches()
    {
        var batches = new SortedSet<long>();
        foreach (SqlCrashRow row in _rows.Values) batches.Add(row.Batch);
        return batches;
    }

    /// <summary>Called after a full check: the next one probes only what changes from here on.</summary>
    public void ForgetRecent()
    {
        _recentPayloads.Clear();
        _recentPayloadOrder.Clear();
        _recentBatches.Clear();
    }

    /// <summary>The table contents the model expects, and how they differ from <paramref name="actual"/> (empty when equal).</summary>
    public string DifferenceFrom(SortedDictionary<long, SqlCrashRow> actual) => Same(actual, _rows) ? "" : Difference(actual, _rows);

    /// <summary>The effect of an acknowledged (or recovered) unit; the same rules as the writer's LiveRows.</summary>
    private void Apply(SortedDictionary<long, SqlCrashRow> rows, SqlCrashUnit unit)
    {
        RememberRecent(rows);
        switch (unit.Kind)
        {
            case SqlCrashUnitKind.Insert:
            case SqlCrashUnitKind.Transaction:
                for (int i = 0; i < unit.Count; i++) rows[unit.FirstId + i] = new SqlCrashRow(unit.Batch, SqlCrashProtocol.Payload(unit.FirstId + i, unit.Batch));
                foreach (long id in unit.Updates)
                    if (rows.ContainsKey(id)) rows[id] = new SqlCrashRow(unit.Batch, SqlCrashProtocol.Payload(id, unit.Batch));
                foreach (long id in unit.Deletes) rows.Remove(id);
                break;
            case SqlCrashUnitKind.DeleteBatch:
            case SqlCrashUnitKind.MoveBatch:
                foreach (long id in rows.Keys.ToList())
                {
                    if (rows[id].Batch != unit.OldBatch) continue;
                    if (unit.Kind == SqlCrashUnitKind.DeleteBatch) rows.Remove(id);
                    else rows[id] = new SqlCrashRow(unit.Batch, SqlCrashProtocol.Payload(id, unit.Batch));
                }
                break;
        }
    }

    /// <summary>Every payload and batch <paramref name="unit"/> writes or tries to write (a rolled-back or failing
    /// one included), so the index probes check that those that must not exist do not.</summary>
    private void RememberUnit(SqlCrashUnit unit)
    {
        for (int i = 0; i < unit.IdsUsed; i++) RememberPayload(SqlCrashProtocol.Payload(unit.FirstId + i, unit.Batch));
        foreach (long id in unit.Updates) RememberPayload(SqlCrashProtocol.Payload(id, unit.Batch));
        if (unit.Batch >= 0) _recentBatches.Add(unit.Batch);
        if (unit.OldBatch >= 0) _recentBatches.Add(unit.OldBatch);
    }

    private void RememberRecent(SortedDictionary<long, SqlCrashRow> rows)
    {
        foreach (SqlCrashRow row in rows.Values)
        {
            RememberPayload(row.Payload);
            _recentBatches.Add(row.Batch);
        }
    }

    private void RememberPayload(string payload)
    {
        if (_recentPayloads.Add(payload)) _recentPayloadOrder.Add(payload);
    }

    private static bool Same(SortedDictionary<long, SqlCrashRow> a, SortedDictionary<long, SqlCrashRow> b)
    {
        if (a.Count != b.Count) return false;
        foreach ((long id, SqlCrashRow row) in a)
            if (!b.TryGetValue(id, out SqlCrashRow other) || other != row) return false;
        return true;
    }

    /// <summary>Up to eight differing rows, "id: found …, expected …".</summary>
    private static string Difference(SortedDictionary<long, SqlCrashRow> actual, SortedDictionary<long, SqlCrashRow> expected)
    {
        var text = new StringBuilder();
        int shown = 0, total = 0;
        foreach (long id in actual.Keys.Union(expected.Keys).Order())
        {
            bool inActual = actual.TryGetValue(id, out SqlCrashRow found), inExpected = expected.TryGetValue(id, out SqlCrashRow want);
            if (inActual == inExpected && found == want) continue;
            total++;
            if (shown++ < 8) text.Append($"\n    id {id}: found {(inActual ? found.ToString() : "(absent)")}, expected {(inExpected ? want.ToString() : "(absent)")}");
        }
        return $"{total} rows differ ({actual.Count} found, {expected.Count} expected){text}";
    }
}

/// <summary>One row of table <c>t</c> apart from its id.</summary>
internal readonly record struct SqlCrashRow(long Batch, string Payload)
{
    /// <inheritdoc />
    public override string ToString() => $"(batch {Batch}, '{(Payload.Length <= 24 ? Payload : Payload[..24] + "…")}')";
}
