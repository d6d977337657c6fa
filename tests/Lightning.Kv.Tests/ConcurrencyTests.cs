using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lightning.Kv.Tests;

/// <summary>
/// Many threads at once against one database with tiny memtables, so flushes run concurrently with reads,
/// writes and transactions. Runs are bounded in time; every assertion is about data, never about speed.
/// </summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2.5);

    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string S(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>Runs each worker on its own thread until the duration ends (each at least one iteration); rethrows failures.</summary>
    private static void RunConcurrently(TimeSpan duration, params Action<int>[] iterations)
    {
        var errors = new ConcurrentQueue<Exception>();
        var clock = Stopwatch.StartNew();
        var threads = new List<Thread>();
        for (int w = 0; w < iterations.Length; w++)
        {
            Action<int> iteration = iterations[w];
            var thread = new Thread(() =>
            {
                try
                {
                    for (int i = 0; i == 0 || (clock.Elapsed < duration && errors.IsEmpty); i++) iteration(i);
                }
                catch (Exception error) { errors.Enqueue(error); }
            }) { IsBackground = true, Name = "worker " + w };
            threads.Add(thread);
            thread.Start();
        }
        foreach (Thread thread in threads) thread.Join();
        if (!errors.IsEmpty) throw new AggregateException(errors);
    }

    private const int Groups = 8;
    private const int KeysPerGroup = 16;

    private static byte[] GroupKey(int group, int index) => B($"g{group}-k{index:D2}");

    /// <summary>The batch id stored in every key of a group; the value is "id|" and padding.</summary>
    private static long BatchIdOf(byte[] value)
    {
        string text = S(value);
        int bar = text.IndexOf('|');
        Assert.True(bar > 0, "a value without a batch id");
        Assert.True(text.AsSpan(bar + 1).IndexOfAnyExcept('.') < 0, "padding damaged");
        return long.Parse(text.AsSpan(0, bar));
    }

    /// <summary>A group is either absent as a whole or holds one batch id in all its keys.</summary>
    private static void AssertWhole(int group, IReadOnlyList<byte[]?> values)
    {
        int present = values.Count(v => v is not null);
        Assert.True(present == 0 || present == KeysPerGroup, $"group {group}: {present} of {KeysPerGroup} keys present");
        if (present == 0) return;
        long[] ids = values.Select(v => BatchIdOf(v!)).Distinct().ToArray();
        Assert.True(ids.Length == 1, $"group {group} mixes batches {string.Join(",", ids)}");
    }

    private static void AssertAllGroupsWhole(IEnumerable<KeyValuePair<byte[], byte[]>> scan)
    {
        var byGroup = new Dictionary<int, Dictionary<int, byte[]>>();
        foreach (KeyValuePair<byte[], byte[]> entry in scan)
        {
            string key = S(entry.Key);
            int group = int.Parse(key.AsSpan(1, key.IndexOf('-') - 1));
            int index = int.Parse(key.AsSpan(key.IndexOf('k') + 1));
            if (!byGroup.TryGetValue(group, out Dictionary<int, byte[]>? entries)) byGroup[group] = entries = new();
            Assert.True(entries.TryAdd(index, entry.Value), $"key {key} returned twice");
        }
        for (int g = 0; g < Groups; g++)
        {
            byGroup.TryGetValue(g, out Dictionary<int, byte[]>? entries);
            AssertWhole(g, Enumerable.Range(0, KeysPerGroup).Select(i => entries?.GetValueOrDefault(i)).ToList());
        }
    }

    [Fact]
    public void ReadersNeverSeeAPartiallyAppliedBatch()
    {
        using var dir = new TestDirectory();
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        try
        {
            long nextId = 0;
            var init = new WriteBatch();
            for (int g = 0; g < Groups; g++)
                for (int i = 0; i < KeysPerGroup; i++) init.Put(GroupKey(g, i), B("0|"));
            db.Write(init);

            void BatchWriter(int seed, int iteration)
            {
                var random = new Random(seed * 7919 + iteration);
                int group = random.Next(Groups);
                long id = Interlocked.Increment(ref nextId);
                bool delete = random.Next(8) == 0;
                string value = $"{id}|" + new string('.', random.Next(10) == 0 ? random.Next(1100, 3000) : random.Next(200));
                var batch = new WriteBatch();
                for (int i = 0; i < KeysPerGroup; i++)
                {
                    if (delete) batch.Delete(GroupKey(group, i));
                    else batch.Put(GroupKey(group, i), B(value));
                }
                db.Write(batch);
            }

            void TransactionWriter(int iteration)
            {
                var random = new Random(iteration);
                int group = random.Next(Groups);
                while (true)
                {
                    using KvTransaction txn = db.BeginTransaction();
                    AssertWhole(group, Enumerable.Range(0, KeysPerGroup).Select(i => txn.Get(GroupKey(group, i))).ToList());
                    string value = $"{Interlocked.Increment(ref nextId)}|..";
                    for (int i = 0; i < KeysPerGroup; i++) txn.Put(GroupKey(group, i), B(value));
                    try { txn.Commit(); return; }
                    catch (LightningConflictException) { } // retry from a new snapshot
                }
            }

            void ScanReader(int iteration) => AssertAllGroupsWhole(db.Scan(null, null, reverse: iteration % 2 == 1));

            void TransactionReader(int iteration)
            {
                int group = iteration % Groups;
                using KvTransaction txn = db.BeginTransaction();
                List<byte[]?> viaGet = Enumerable.Range(0, KeysPerGroup).Select(i => txn.Get(GroupKey(group, i))).ToList();
                AssertWhole(group, viaGet);
                // The same snapshot scanned, in either direction, agrees with the point reads.
                bool reverse = iteration % 2 == 0;
                List<KeyValuePair<byte[], byte[]>> scanned = txn.Scan(GroupKey(group, 0), B($"g{group}-l"), reverse).ToList();
                if (reverse) scanned.Reverse();
                Assert.Equal(viaGet.Where(v => v is not null).Select(v => S(v!)), scanned.Select(e => S(e.Value)));
                AssertAllGroupsWhole(txn.Scan(null, null));
                txn.Commit();
            }

            RunConcurrently(Duration,
                i => BatchWriter(1, i), i => BatchWriter(2, i), TransactionWriter,
                ScanReader, TransactionReader, TransactionReader);

            Assert.True(Interlocked.Read(ref nextId) > 0);
            AssertAllGroupsWhole(db.Scan(null, null));
            db.Flush();
            AssertAllGroupsWhole(db.Scan(null, null));
            db.Dispose();
            db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
            AssertAllGroupsWhole(db.Scan(null, null));
        }
        finally
        {
            db.Dispose();
        }
    }

    private const int Accounts = 16;
    private const long InitialBalance = 1000;

    private static byte[] AccountKey(int account) => B($"acct{account:D2}");

    private static byte[] Balance(long amount)
    {
        var value = new byte[8 + 120]; // padding so the memtable fills and flushes often
        BitConverter.TryWriteBytes(value, amount);
        return value;
    }

    private static long BalanceOf(byte[]? value) => BitConverter.ToInt64(value ?? throw new Xunit.Sdk.XunitException("missing account"));

    [Fact]
    public void ConcurrentTransfersPreserveTheTotalInEverySnapshot()
    {
        using var dir = new TestDirectory();
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        try
        {
            for (int a = 0; a < Accounts; a++) db.Put(AccountKey(a), Balance(InitialBalance));
            var applied = new ConcurrentQueue<(int From, int To, long Amount)>();
            long conflicts = 0;

            void Transfer(int seed, int iteration)
            {
                var random = new Random(seed * 100_003 + iteration);
                int from = random.Next(Accounts), to = (from + 1 + random.Next(Accounts - 1)) % Accounts;
                long amount = random.Next(1, 200);
                while (true)
                {
                    using KvTransaction txn = db.BeginTransaction();
                    long fromBalance = BalanceOf(txn.Get(AccountKey(from)));
                    long toBalance = BalanceOf(txn.Get(AccountKey(to)));
                    if (fromBalance < amount) return; // insufficient funds: roll back
                    txn.Put(AccountKey(from), Balance(fromBalance - amount));
                    txn.Put(AccountKey(to), Balance(toBalance + amount));
                    try
                    {
                        txn.Commit();
                        applied.Enqueue((from, to, amount));
                        return;
                    }
                    catch (LightningConflictException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }

            void Audit(int iteration)
            {
                using KvTransaction txn = db.BeginTransaction();
                long[] balances = Enumerable.Range(0, Accounts).Select(a => BalanceOf(txn.Get(AccountKey(a)))).ToArray();
                Assert.Equal(Accounts * InitialBalance, balances.Sum());
                Assert.All(balances, b => Assert.True(b >= 0));
                List<KeyValuePair<byte[], byte[]>> scanned = txn.Scan(null, null, reverse: iteration % 2 == 0).ToList();
                Assert.Equal(Accounts * InitialBalance, scanned.Sum(e => BalanceOf(e.Value)));
                txn.Commit();
            }

            void ScanAudit(int iteration)
            {
                Assert.Equal(Accounts * InitialBalance, db.Scan(null, null, reverse: iteration % 2 == 1).Sum(e => BalanceOf(e.Value)));
            }

            RunConcurrently(Duration, i => Transfer(1, i), i => Transfer(2, i), i => Transfer(3, i), Audit, ScanAudit);

            // Exactly the committed transfers took effect; the conflicting attempts wrote nothing.
            Assert.NotEmpty(applied);
            var expected = Enumerable.Repeat(InitialBalance, Accounts).ToArray();
            foreach ((int from, int to, long amount) in applied)
            {
                expected[from] -= amount;
                expected[to] += amount;
            }
            for (int pass = 0; pass < 2; pass++)
            {
                Assert.Equal(expected, Enumerable.Range(0, Accounts).Select(a => BalanceOf(db.Get(AccountKey(a)))));
                db.Dispose();
                db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
            }
        }
        finally
        {
            db.Dispose();
        }
    }

    private const int KeysPerWriter = 200;

    private static string OwnedKey(int writer, int index) => $"w{writer}-{index:D3}";

    private static byte[] VersionedValue(string key, int version, int padding) => B($"{key}:{version}:" + new string('p', padding));

    /// <summary>Checks a value belongs to <paramref name="key"/> and is intact; returns its version.</summary>
    private static int VersionOf(string key, byte[] value)
    {
        string[] parts = S(value).Split(':');
        Assert.True(parts.Length == 3 && parts[0] == key, $"value of {key} is damaged or belongs to another key: {S(value)[..Math.Min(40, value.Length)]}");
        Assert.True(parts[2].AsSpan().IndexOfAnyExcept('p') < 0, $"padding of {key} damaged");
        return int.Parse(parts[1]);
    }

    [Fact]
    public void ConcurrentPutsAndGetsWithFlushesReadLatestIntactValues()
    {
        using var dir = new TestDirectory();
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        try
        {
            const int writers = 4;
            var latest = new int[writers, KeysPerWriter]; // written by the owning writer only
            var padding = new int[writers, KeysPerWriter];

            void Writer(int writer, int iteration)
            {
                var random = new Random(writer * 1_000_003 + iteration);
                int index = random.Next(KeysPerWriter);
                string key = OwnedKey(writer, index);
                int version = latest[writer, index] + 1;
                int pad = random.Next(10) == 0 ? random.Next(1100, 4000) : random.Next(300);
                byte[] value = VersionedValue(key, version, pad);
                db.Put(B(key), value);
                Volatile.Write(ref latest[writer, index], version);
                padding[writer, index] = pad;
                Assert.Equal(value, db.Get(B(key))); // a writer always reads its own acknowledged write
            }

            Action<int> Reader(int seed)
            {
                var seen = new Dictionary<string, int>();
                var buffer = new byte[512];
                return iteration =>
                {
                    var random = new Random(seed * 31 + iteration);
                    string key = OwnedKey(random.Next(writers), random.Next(KeysPerWriter));
                    byte[]? value;
                    if (iteration % 3 == 0 && db.TryGet(B(key), buffer, out int length))
                        value = length <= buffer.Length ? buffer[..length] : db.Get(B(key));
                    else value = db.Get(B(key));
                    if (value is null)
                    {
                        Assert.False(seen.ContainsKey(key), $"{key} disappeared after it was seen");
                        return;
                    }
                    int version = VersionOf(key, value);
                    Assert.True(version >= seen.GetValueOrDefault(key), $"{key} went back from version {seen.GetValueOrDefault(key)} to {version}");
                    seen[key] = version;
                };
            }

            RunConcurrently(Duration,
                i => Writer(0, i), i => Writer(1, i), i => Writer(2, i), i => Writer(3, i), Reader(1), Reader(2));

            for (int pass = 0; pass < 2; pass++)
            {
                for (int w = 0; w < writers; w++)
                {
                    for (int i = 0; i < KeysPerWriter; i++)
                    {
                        byte[]? value = db.Get(B(OwnedKey(w, i)));
                        if (latest[w, i] == 0) Assert.Null(value);
                        else Assert.Equal(VersionedValue(OwnedKey(w, i), latest[w, i], padding[w, i]), value);
                    }
                }
                db.Dispose();
                db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
            }
        }
        finally
        {
            db.Dispose();
        }
    }

    [Fact]
    public void GroupCommitWithFullDurabilityKeepsEveryAcknowledgedWrite()
    {
        using var dir = new TestDirectory();
        const int threads = 8;
        var acknowledged = new Dictionary<string, string?>[threads]; // each thread owns its dictionary and keys
        for (int t = 0; t < threads; t++) acknowledged[t] = new Dictionary<string, string?>();
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(Durability.Full)))
        {
            Action<int> Worker(int thread) => iteration =>
            {
                var random = new Random(thread * 7 + iteration * 1_009);
                Dictionary<string, string?> mine = acknowledged[thread];
                string key = $"t{thread}-{random.Next(100):D3}";
                string value = $"{thread}/{iteration}" + new string('v', random.Next(10) == 0 ? 2000 : random.Next(100));
                switch (random.Next(10))
                {
                    case 0 when mine.Count > 0:
                        db.Delete(B(key));
                        mine[key] = null;
                        break;
                    case 1:
                        var batch = new WriteBatch();
                        string second = $"t{thread}-b{iteration}";
                        batch.Put(B(key), B(value));
                        batch.Put(B(second), B(value));
                        db.Write(batch);
                        mine[key] = value;
                        mine[second] = value;
                        break;
                    case 2:
                        while (true)
                        {
                            using KvTransaction txn = db.BeginTransaction();
                            txn.Put(B(key), B(value));
                            try { txn.Commit(); break; }
                            catch (LightningConflictException) { } // a flush of others' writes overtook the snapshot
                        }
                        mine[key] = value;
                        break;
                    default:
                        db.Put(B(key), B(value));
                        mine[key] = value;
                        break;
                }
            };
            RunConcurrently(Duration, Enumerable.Range(0, threads).Select(Worker).ToArray());
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(Durability.Full)))
        {
            int live = 0;
            foreach (Dictionary<string, string?> mine in acknowledged)
            {
                Assert.NotEmpty(mine);
                foreach (var (key, value) in mine)
                {
                    byte[]? stored = db.Get(B(key));
                    Assert.Equal(value, stored is null ? null : S(stored));
                    if (value is not null) live++;
                }
            }
            Assert.Equal(live, db.Scan(null, null).Count());
        }
    }
}
