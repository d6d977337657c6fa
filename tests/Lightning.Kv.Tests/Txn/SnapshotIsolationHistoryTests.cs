using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Lightning.Kv.Tests.Txn;

/// <summary>
/// Several threads run small random transactions over six keys; every transaction's snapshot sequence, reads,
/// writes, outcome and commit sequence are recorded, and the whole history is then checked offline by
/// <see cref="HistoryChecker"/>: snapshot reads, first-committer-wins, atomic durable commits, invisible aborts.
/// </summary>
public sealed class SnapshotIsolationHistoryTests
{
    private const int Threads = 5;
    private const int MinTransactionsPerThread = 200; // so even a slow machine produces a real history (and flushes)
    private const int MaxTransactionsPerThread = 25_000; // so a fast one keeps the history small
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2.5);
    private static readonly string[] Keys = ["k0", "k1", "k2", "k3", "k4", "k5"];

    private readonly ITestOutputHelper _output;

    public SnapshotIsolationHistoryTests(ITestOutputHelper output) => _output = output;

    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string? Str(byte[]? bytes) => bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes);

    [Theory]
    [InlineData(false, 20_240_601)]
    [InlineData(true, 20_240_602)]
    public void RandomTransactionsFormASnapshotIsolatedHistory(bool smallOptions, int seed)
    {
        using var dir = new TestDirectory("si-history");
        LightningDbOptions Options() => smallOptions ? TestDirectory.SmallOptions() : new LightningDbOptions();
        // With small memtables the values are padded so that the memtable fills and flushes every few hundred commits.
        string padding = smallOptions ? "|" + new string('.', 160) : "";
        LightningDb db = LightningDb.Open(dir.Path, Options());
        try
        {
            var history = new List<TxnRecord> { LoadInitialValues(db) };
            var perThread = new List<TxnRecord>[Threads];
            var errors = new ConcurrentQueue<Exception>();
            var clock = Stopwatch.StartNew();
            var threads = new Thread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                int thread = t;
                perThread[thread] = new List<TxnRecord>();
                threads[thread] = new Thread(() =>
                {
                    try
                    {
                        var random = new Random(seed * 31 + thread);
                        for (int n = 0; n < MinTransactionsPerThread || (n < MaxTransactionsPerThread && clock.Elapsed < Duration && errors.IsEmpty); n++)
                        {
                            perThread[thread].Add(RunOne(db, random, thread, n, padding));
                            // Explicit flushes on top of the background ones, so the small-options run always has some.
                            if (smallOptions && thread == 0 && n % 50 == 49) db.Flush();
                        }
                    }
                    catch (Exception error) { errors.Enqueue(error); }
                }) { IsBackground = true, Name = "si-history " + thread };
                threads[thread].Start();
            }
            foreach (Thread thread in threads) thread.Join();
            if (!errors.IsEmpty) throw new AggregateException(errors);
            foreach (List<TxnRecord> records in perThread) history.AddRange(records);

            var checker = new HistoryChecker(history);
            checker.CheckFinalState(ReadState(db), "live database after the run");
            if (smallOptions) Assert.True(db.Versions.Current.Tree.LastSequence > 0, "the small-options run never flushed");
            db.Dispose();
            db = LightningDb.Open(dir.Path, Options());
            checker.CheckFinalState(ReadState(db), "after Dispose and reopen");
            db.Flush();
            db.Dispose();
            db = LightningDb.Open(dir.Path, Options());
            checker.CheckFinalState(ReadState(db), "after a flush and a second reopen");

            int conflicted = history.Count(t => t.Outcome == TxnOutcome.Conflicted);
            _output.WriteLine($"{history.Count} transactions: {checker.CommittedWriters} committed writers, " +
                $"{history.Count(t => t.Outcome == TxnOutcome.ReadOnly)} read-only, {conflicted} conflicted " +
                $"({history.Count(t => t.ConflictMessage?.Contains("flushed", StringComparison.Ordinal) == true)} of them after a flush); " +
                $"{history.Sum(t => t.Ops.Count(op => !op.IsWrite))} reads checked");
            Assert.True(checker.Violations.Count == 0,
                $"{checker.Violations.Count} violations, e.g.:\n" + string.Join("\n", checker.Violations.Take(12)));
            Assert.True(checker.CommittedWriters > Threads, "too few committed writers for the history to mean anything");
        }
        finally
        {
            db.Dispose();
        }
    }

    /// <summary>Half the keys start with a value, written by a recorded transaction like every other write.</summary>
    private static TxnRecord LoadInitialValues(LightningDb db)
    {
        using KvTransaction txn = db.BeginTransaction();
        var record = new TxnRecord("init", -1, txn.SnapshotSequence);
        for (int k = 0; k < Keys.Length; k += 2)
        {
            txn.Put(B(Keys[k]), B("init-" + Keys[k]));
            record.Ops.Add(TxnOp.Write(Keys[k], "init-" + Keys[k]));
        }
        txn.Commit();
        record.CommitSequence = txn.CommitSequence;
        record.Outcome = TxnOutcome.Committed;
        return record;
    }

    /// <summary>One random transaction: 1–3 reads (a Get, or sometimes a Scan of all keys) and 0–2 writes, interleaved, then Commit.</summary>
    private static TxnRecord RunOne(LightningDb db, Random random, int thread, int n, string padding)
    {
        int reads = random.Next(1, 4), writes = random.Next(0, 3);
        var plan = new List<bool>(); // true = write
        plan.AddRange(Enumerable.Repeat(false, reads));
        plan.AddRange(Enumerable.Repeat(true, writes));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(plan));

        using KvTransaction txn = db.BeginTransaction();
        var record = new TxnRecord($"t{thread}-{n}", thread, txn.SnapshotSequence);
        int w = 0;
        foreach (bool isWrite in plan)
        {
            string key = Keys[random.Next(Keys.Length)];
            if (isWrite)
            {
                string? value = random.Next(8) == 0 ? null : $"t{thread}-{n}-{w++}{padding}";
                if (value is null) txn.Delete(B(key));
                else txn.Put(B(key), B(value));
                record.Ops.Add(TxnOp.Write(key, value));
            }
            else if (random.Next(5) == 0)
            {
                bool reverse = random.Next(2) == 0;
                var seen = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (KeyValuePair<byte[], byte[]> entry in txn.Scan(null, null, reverse))
                {
                    string scannedKey = Str(entry.Key)!;
                    Assert.True(Array.IndexOf(Keys, scannedKey) >= 0, $"scan returned unknown key {scannedKey}");
                    Assert.True(seen.TryAdd(scannedKey, Str(entry.Value)), $"scan returned {scannedKey} twice");
                }
                string[] order = seen.Keys.ToArray();
                Assert.Equal(reverse ? order.Order(StringComparer.Ordinal).Reverse() : order.Order(StringComparer.Ordinal), order);
                foreach (string k in Keys) record.Ops.Add(TxnOp.Read(k, seen.GetValueOrDefault(k), reverse ? "reverse scan" : "scan"));
            }
            else
            {
                record.Ops.Add(TxnOp.Read(key, Str(txn.Get(B(key)))));
            }
        }
        try
        {
            txn.Commit();
            record.CommitSequence = txn.CommitSequence;
            record.Outcome = record.Ops.Any(op => op.IsWrite) ? TxnOutcome.Committed : TxnOutcome.ReadOnly;
        }
        catch (LightningConflictException conflict)
        {
            record.Outcome = TxnOutcome.Conflicted;
            record.ConflictMessage = conflict.Message;
            record.CommitSequence = txn.CommitSequence;
        }
        return record;
    }

    /// <summary>The database's contents by point reads, cross-checked against a full scan.</summary>
    private static Dictionary<string, string?> ReadState(LightningDb db)
    {
        var state = Keys.ToDictionary(k => k, k => Str(db.Get(B(k))), StringComparer.Ordinal);
        var scanned = db.Scan(null, null).ToDictionary(e => Str(e.Key)!, e => Str(e.Value), StringComparer.Ordinal);
        Assert.Equal(state.Where(e => e.Value is not null).OrderBy(e => e.Key, StringComparer.Ordinal),
            scanned.OrderBy(e => e.Key, StringComparer.Ordinal));
        return state;
    }

    // ---- The checker itself must be able to fail: hand-made histories with one anomaly each. ----

    private static TxnRecord Txn(string name, int thread, ulong snapshot, ulong commit, TxnOutcome outcome, params TxnOp[] ops)
    {
        var record = new TxnRecord(name, thread, snapshot) { CommitSequence = commit, Outcome = outcome };
        record.Ops.AddRange(ops);
        return record;
    }

    /// <summary>init writes a@1; w1 (snapshot 1) writes b@2; r reads at snapshot 2.</summary>
    private static List<TxnRecord> ValidHistory(TxnOp readerOp) =>
    [
        Txn("init", 0, 0, 1, TxnOutcome.Committed, TxnOp.Write("a", "a1")),
        Txn("w1", 1, 1, 2, TxnOutcome.Committed, TxnOp.Read("a", "a1"), TxnOp.Write("b", "b1")),
        Txn("lost", 2, 1, 0, TxnOutcome.Conflicted, TxnOp.Write("b", "b-aborted")),
        Txn("r", 3, 2, 0, TxnOutcome.ReadOnly, TxnOp.Read("a", "a1"), readerOp),
    ];

    [Fact]
    public void TheCheckerAcceptsAHandMadeSnapshotIsolatedHistory()
    {
        var own = Txn("own", 4, 2, 3, TxnOutcome.Committed,
            TxnOp.Read("b", "b1"), TxnOp.Write("b", "b2"), TxnOp.Read("b", "b2"), TxnOp.Write("a", null), TxnOp.Read("a", null, "scan"));
        List<TxnRecord> history = [.. ValidHistory(TxnOp.Read("b", "b1", "scan")), own];
        var checker = new HistoryChecker(history);
        checker.CheckFinalState(new Dictionary<string, string?> { ["a"] = null, ["b"] = "b2" }, "final");
        Assert.Empty(checker.Violations);
        Assert.Equal("a1", checker.ValueAt("a", 2));
        Assert.Null(checker.ValueAt("a", 3));
        Assert.Null(checker.ValueAt("b", 1));
    }

    [Theory]
    [InlineData("stale read", "[read]")]
    [InlineData("read from the future", "[read]")]
    [InlineData("own write not seen", "[read]")]
    [InlineData("aborted write read", "[aborted]")]
    [InlineData("overwritten own value read", "[aborted]")]
    [InlineData("lost update", "[lost-update]")]
    [InlineData("final state stale", "[final]")]
    [InlineData("aborted write in final state", "[aborted]")]
    [InlineData("duplicate commit sequence", "[shape]")]
    [InlineData("snapshot goes back on one thread", "[shape]")]
    public void TheCheckerRejectsAHandMadeAnomaly(string anomaly, string category)
    {
        List<TxnRecord> history = ValidHistory(TxnOp.Read("b", "b1"));
        var final = new Dictionary<string, string?> { ["a"] = "a1", ["b"] = "b1" };
        switch (anomaly)
        {
            case "stale read": history[3] = Txn("r", 3, 2, 0, TxnOutcome.ReadOnly, TxnOp.Read("b", null)); break;
            case "read from the future": // b1 committed at 2, after lost's snapshot 1 (a conflicted transaction's reads count too)
                history[2] = Txn("lost", 2, 1, 0, TxnOutcome.Conflicted, TxnOp.Read("b", "b1"), TxnOp.Write("b", "b-aborted"));
                break;
            case "own write not seen":
                history.Add(Txn("own", 4, 2, 3, TxnOutcome.Committed, TxnOp.Write("a", "a2"), TxnOp.Read("a", "a1")));
                final["a"] = "a2";
                break;
            case "aborted write read": history[3] = Txn("r", 3, 2, 0, TxnOutcome.ReadOnly, TxnOp.Read("b", "b-aborted", "scan")); break;
            case "overwritten own value read":
                history.Add(Txn("twice", 4, 2, 3, TxnOutcome.Committed, TxnOp.Write("a", "a-first"), TxnOp.Write("a", "a-second")));
                history.Add(Txn("r2", 5, 3, 0, TxnOutcome.ReadOnly, TxnOp.Read("a", "a-first")));
                final["a"] = "a-second";
                break;
            case "lost update":
                // Both began at snapshot 1 and both committed a write to b: the second overwrote the first unseen.
                history.Add(Txn("late", 4, 1, 3, TxnOutcome.Committed, TxnOp.Write("b", "b-late")));
                final["b"] = "b-late";
                break;
            case "final state stale": final["a"] = null; break;
            case "aborted write in final state": final["b"] = "b-aborted"; break;
            case "duplicate commit sequence":
                history.Add(Txn("dup", 4, 1, 2, TxnOutcome.Committed, TxnOp.Write("c", "c1")));
                final["c"] = "c1";
                break;
            case "snapshot goes back on one thread": history.Add(Txn("back", 1, 1, 0, TxnOutcome.ReadOnly, TxnOp.Read("a", "a1"))); break;
            default: throw new ArgumentOutOfRangeException(nameof(anomaly), anomaly, null);
        }
        var checker = new HistoryChecker(history);
        checker.CheckFinalState(final, "final");
        Assert.NotEmpty(checker.Violations);
        Assert.True(checker.Violations.All(v => v.StartsWith(category, StringComparison.Ordinal)),
            $"expected only {category} violations for '{anomaly}', got:\n" + string.Join("\n", checker.Violations));
    }
}
