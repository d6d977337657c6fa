namespace Lightning.Kv.Tests.Txn;

/// <summary>How a recorded transaction ended.</summary>
public enum TxnOutcome
{
    /// <summary>Commit succeeded and the transaction wrote something (it has a commit sequence).</summary>
    Committed,
    /// <summary>Commit succeeded with nothing to write (commit sequence 0).</summary>
    ReadOnly,
    /// <summary>Commit threw <see cref="LightningConflictException"/>: nothing of it may ever be visible.</summary>
    Conflicted,
}

/// <summary>One operation of a transaction, in program order: a read (what it saw; null = absent) or a write (null = delete).</summary>
public readonly record struct TxnOp(bool IsWrite, string Key, string? Value, string Via = "")
{
    public static TxnOp Read(string key, string? value, string via = "get") => new(false, key, value, via);

    public static TxnOp Write(string key, string? value) => new(true, key, value, value is null ? "delete" : "put");
}

/// <summary>A transaction as a client observed it.</summary>
public sealed class TxnRecord
{
    public TxnRecord(string name, int thread, ulong snapshotSequence)
    {
        Name = name;
        Thread = thread;
        SnapshotSequence = snapshotSequence;
    }

    public string Name { get; }

    /// <summary>The client thread; a thread's transactions appear in the history in the order it ran them.</summary>
    public int Thread { get; }

    public ulong SnapshotSequence { get; }

    /// <summary>0 unless <see cref="Outcome"/> is <see cref="TxnOutcome.Committed"/>.</summary>
    public ulong CommitSequence { get; set; }

    public TxnOutcome Outcome { get; set; }

    /// <summary>The conflict's message, for diagnostics.</summary>
    public string? ConflictMessage { get; set; }

    public List<TxnOp> Ops { get; } = new();

    /// <summary>The last write to each key: what a commit installs.</summary>
    public Dictionary<string, string?> FinalWrites()
    {
        var writes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (TxnOp op in Ops)
            if (op.IsWrite) writes[op.Key] = op.Value;
        return writes;
    }

    public override string ToString() =>
        $"{Name}[snap {SnapshotSequence}, {Outcome}{(Outcome == TxnOutcome.Committed ? " @" + CommitSequence : "")}]";
}

/// <summary>
/// Checks a recorded history offline against snapshot isolation as the engine promises it. Every write in the
/// database must come from a recorded transaction (keys start absent), and every put value must be unique.
/// Violations are returned as text, each starting with its category in brackets:
/// [shape] malformed sequences or session order, [read] a read that is not the snapshot's value (nor the
/// transaction's own write), [lost-update] two committed writers of a key whose lifetimes overlap,
/// [aborted] a value that was never committed became visible, [final] the final state is not the last committed writes.
/// </summary>
public sealed class HistoryChecker
{
    private readonly IReadOnlyList<TxnRecord> _history;
    private readonly Dictionary<string, List<(ulong Commit, string? Value, TxnRecord Writer)>> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TxnRecord Writer, bool Installed)> _valueOrigin = new(StringComparer.Ordinal);
    private readonly List<string> _violations = new();

    public HistoryChecker(IReadOnlyList<TxnRecord> history)
    {
        _history = history;
        CheckShape();
        foreach (TxnRecord txn in history)
        {
            Dictionary<string, string?> installed = txn.FinalWrites();
            foreach (TxnOp op in txn.Ops)
            {
                if (!op.IsWrite || op.Value is null) continue;
                bool wins = txn.Outcome == TxnOutcome.Committed && installed[op.Key] == op.Value;
                if (!_valueOrigin.TryAdd(op.Value, (txn, wins)))
                    _violations.Add($"[shape] value '{op.Value}' is written twice; the checker needs unique values");
            }
            if (txn.Outcome != TxnOutcome.Committed) continue;
            foreach ((string key, string? value) in installed)
            {
                if (!_versions.TryGetValue(key, out var chain)) _versions[key] = chain = new();
                chain.Add((txn.CommitSequence, value, txn));
            }
        }
        foreach (var chain in _versions.Values) chain.Sort((a, b) => a.Commit.CompareTo(b.Commit));
        CheckReads();
        CheckFirstCommitterWins();
    }

    /// <summary>Every violation found so far (the history checks run in the constructor).</summary>
    public IReadOnlyList<string> Violations => _violations;

    public int CommittedWriters => _history.Count(t => t.Outcome == TxnOutcome.Committed);

    /// <summary>The value of <paramref name="key"/> in the snapshot at <paramref name="sequence"/>: the committed write with the highest commit sequence ≤ it.</summary>
    public string? ValueAt(string key, ulong sequence)
    {
        if (!_versions.TryGetValue(key, out var chain)) return null;
        int lo = 0, hi = chain.Count; // first index with Commit > sequence
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (chain[mid].Commit <= sequence) lo = mid + 1;
            else hi = mid;
        }
        return lo == 0 ? null : chain[lo - 1].Value;
    }

    /// <summary>Compares a database's contents (key → value, absent keys may be missing or null) with the last committed writes.</summary>
    public void CheckFinalState(IReadOnlyDictionary<string, string?> state, string when)
    {
        foreach (string key in state.Keys.Union(_versions.Keys).Order(StringComparer.Ordinal))
        {
            string? actual = state.GetValueOrDefault(key);
            string? expected = ValueAt(key, ulong.MaxValue);
            if (actual is not null && _valueOrigin.TryGetValue(actual, out var origin) && !origin.Installed)
                _violations.Add($"[aborted] {when}: {key} holds '{Truncate(actual)}', written by {origin.Writer} but never committed");
            else if (actual != expected)
                _violations.Add($"[final] {when}: {key} = {Show(actual)}, expected {Show(expected)} (the committed write with the highest sequence)");
        }
    }

    private void CheckShape()
    {
        var commits = new Dictionary<ulong, TxnRecord>();
        var lastOfThread = new Dictionary<int, TxnRecord>();
        foreach (TxnRecord txn in _history)
        {
            bool writes = txn.Ops.Any(op => op.IsWrite);
            switch (txn.Outcome)
            {
                case TxnOutcome.Committed when !writes || txn.CommitSequence <= txn.SnapshotSequence:
                    _violations.Add($"[shape] {txn}: a committed writer needs a commit sequence above its snapshot");
                    break;
                case TxnOutcome.Committed when !commits.TryAdd(txn.CommitSequence, txn):
                    _violations.Add($"[shape] {txn} and {commits[txn.CommitSequence]} share commit sequence {txn.CommitSequence}");
                    break;
                case TxnOutcome.ReadOnly when writes || txn.CommitSequence != 0:
                case TxnOutcome.Conflicted when txn.CommitSequence != 0:
                    _violations.Add($"[shape] {txn}: only a committed writer has a commit sequence (writes: {writes})");
                    break;
            }
            // A thread's next transaction begins after its previous one committed, so its snapshot must include it.
            if (lastOfThread.TryGetValue(txn.Thread, out TxnRecord? previous)
                && (txn.SnapshotSequence < previous.SnapshotSequence || txn.SnapshotSequence < previous.CommitSequence))
                _violations.Add($"[shape] {txn} began after {previous} on the same thread but its snapshot is older");
            lastOfThread[txn.Thread] = txn;
        }
    }

    private void CheckReads()
    {
        foreach (TxnRecord txn in _history)
        {
            var own = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (TxnOp op in txn.Ops)
            {
                if (op.IsWrite)
                {
                    own[op.Key] = op.Value;
                    continue;
                }
                bool fromOwn = own.TryGetValue(op.Key, out string? expected);
                if (!fromOwn) expected = ValueAt(op.Key, txn.SnapshotSequence);
                if (op.Value == expected) continue;
                if (op.Value is not null && _valueOrigin.TryGetValue(op.Value, out var origin) && origin.Writer != txn && !origin.Installed)
                {
                    _violations.Add($"[aborted] {txn} read {op.Key} = '{op.Value}' via {op.Via}, written by {origin.Writer} but never committed");
                    continue;
                }
                string source = op.Value is not null && _valueOrigin.TryGetValue(op.Value, out var writer) ? $" (written by {writer.Writer})" : "";
                _violations.Add($"[read] {txn} read {op.Key} = {Show(op.Value)}{source} via {op.Via}; " +
                    $"expected {Show(expected)} from {(fromOwn ? "its own write" : $"snapshot {txn.SnapshotSequence}")}");
            }
        }
    }

    /// <summary>No committed T2 may overwrite a key that a committed T1 wrote with T2.Snapshot &lt; T1.Commit &lt; T2.Commit.</summary>
    private void CheckFirstCommitterWins()
    {
        foreach ((string key, var chain) in _versions)
        {
            // Checking each writer against its immediate predecessor suffices: earlier ones committed earlier still.
            for (int i = 1; i < chain.Count; i++)
            {
                TxnRecord first = chain[i - 1].Writer, second = chain[i].Writer;
                if (second.SnapshotSequence < first.CommitSequence)
                    _violations.Add($"[lost-update] {key}: {second} overwrote the write of {first}, which committed after {second.Name}'s snapshot");
            }
        }
    }

    private static string Show(string? value) => value is null ? "absent" : $"'{Truncate(value)}'";

    private static string Truncate(string value) => value.Length <= 24 ? value : value[..24] + "…";
}
