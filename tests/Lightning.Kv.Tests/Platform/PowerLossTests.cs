namespace Lightning.Kv.Tests.Platform;

/// <summary>
/// Power loss at every write point of a small workload: for each operation number k, the workload runs on a
/// fresh <see cref="SimulatedDisk"/> that dies at operation k; the disk then keeps only what a power loss could
/// keep (durable data plus a random subset of unsynced writes, each possibly torn), and the database must reopen
/// with every acknowledged <see cref="Durability.Full"/> commit, the in-flight commit whole or absent, a clean
/// <see cref="LightningDb.Verify"/>, and working writes.
/// </summary>
public sealed class PowerLossTests
{
    private const string DatabasePath = "/sim/db";

    private static LightningDbOptions Options(SimulatedDisk disk, Durability durability = Durability.Full, long walWriteback = 0) => new()
    {
        Durability = durability,
        WalWritebackSize = walWriteback,
        MemtableSize = 1L << 30, // flushes happen only where the workload asks, so runs are repeatable
        PageSize = 4096,
        CacheSize = 64 * 1024,
        FileSystem = disk,
    };

    /// <summary>One acknowledged step of the workload: the key/value changes it made (null value = delete).</summary>
    private sealed record Step(List<(string Key, string? Value)> Changes);

    private static List<Step> Plan(int seed)
    {
        var random = new Random(seed);
        var steps = new List<Step>();
        for (int i = 0; i < 40; i++)
        {
            var changes = new List<(string, string?)>();
            int size = random.Next(1, 5);
            for (int j = 0; j < size; j++)
            {
                string key = $"k{random.Next(30):D2}";
                string? value = random.Next(6) == 0 ? null : $"{i}.{j}." + new string('v', random.Next(0, random.Next(10) == 0 ? 3000 : 60));
                changes.Add((key, value));
            }
            steps.Add(new Step(changes));
        }
        return steps;
    }

    /// <summary>Runs the plan; returns how many steps were acknowledged before the disk died, and how many before the last completed Flush.</summary>
    private static (int Acknowledged, int Flushed) Run(SimulatedDisk disk, List<Step> plan, Durability durability = Durability.Full, long walWriteback = 0)
    {
        int acknowledged = 0;
        int flushed = 0;
        try
        {
            LightningDb db = LightningDb.Open(DatabasePath, Options(disk, durability, walWriteback));
            try
            {
                for (int i = 0; i < plan.Count; i++)
                {
                    Apply(db, plan[i], useTransaction: i % 3 == 1);
                    acknowledged++;
                    if (i % 13 == 12)
                    {
                        db.Flush(); // memtable → level-0 run → compaction into the tree
                        flushed = acknowledged;
                    }
                    else if (i % 5 == 4)
                    {
                        db.FlushMemtables(); // a level-0 run that stays live: recovery must read it, not the log
                        flushed = acknowledged;
                    }
                }
            }
            finally
            {
                try
                {
                    db.Dispose();
                }
                catch (LightningException)
                {
                    // Closing a database on a dead machine fails; the power loss decides what survives.
                }
            }
        }
        catch (LightningException) when (disk.Dead)
        {
        }
        return (acknowledged, flushed);
    }

    private static void Apply(LightningDb db, Step step, bool useTransaction)
    {
        if (useTransaction)
        {
            using KvTransaction txn = db.BeginTransaction();
            foreach ((string key, string? value) in step.Changes)
            {
                if (value is null) txn.Delete(Bytes(key));
                else txn.Put(Bytes(key), Bytes(value));
            }
            txn.Commit();
            return;
        }
        var batch = new WriteBatch();
        foreach ((string key, string? value) in step.Changes)
        {
            if (value is null) batch.Delete(Bytes(key));
            else batch.Put(Bytes(key), Bytes(value));
        }
        db.Write(batch);
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static SortedDictionary<string, string> Expected(List<Step> plan, int steps)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < steps; i++)
            foreach ((string key, string? value) in plan[i].Changes)
                if (value is null) state.Remove(key);
                else state[key] = value;
        return state;
    }

    private static SortedDictionary<string, string> Contents(LightningDb db)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in db.Scan(null, null))
            state[System.Text.Encoding.UTF8.GetString(entry.Key)] = System.Text.Encoding.UTF8.GetString(entry.Value);
        return state;
    }

    private static long CountOperations(List<Step> plan)
    {
        var disk = new SimulatedDisk();
        disk.CreateDirectory("/sim");
        Assert.Equal(plan.Count, Run(disk, plan).Acknowledged);
        return disk.Operations;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryWritePointSurvivesPowerLoss(int seed)
    {
        List<Step> plan = Plan(seed);
        long total = CountOperations(plan);
        Assert.True(total > 50, $"the workload should have many write points, had {total}");
        var random = new Random(seed);
        for (long dieAt = 1; dieAt <= total + 1; dieAt++)
        {
            var disk = new SimulatedDisk();
            disk.CreateDirectory("/sim");
            disk.DieAt(dieAt);
            int acknowledged = Run(disk, plan).Acknowledged;
            disk.PowerLoss(random);

            string context = $"seed {seed}, died at operation {dieAt} of {total}, {acknowledged} steps acknowledged";
            using LightningDb db = LightningDb.Open(DatabasePath, Options(disk));
            SortedDictionary<string, string> actual = Contents(db);
            bool matchesAcknowledged = actual.SequenceEqual(Expected(plan, acknowledged));
            bool includesInFlight = acknowledged < plan.Count && actual.SequenceEqual(Expected(plan, acknowledged + 1));
            Assert.True(matchesAcknowledged || includesInFlight, context + ": the recovered state is neither the acknowledged state nor that plus the in-flight step");
            VerifyResult verify = db.Verify();
            Assert.True(verify.IsValid, context + ": " + verify);

            db.Put(Bytes("after"), Bytes("recovery"));
            db.Flush();
            Assert.Equal("recovery", System.Text.Encoding.UTF8.GetString(db.Get(Bytes("after"))!));
        }
    }

    /// <summary>
    /// Without an fsync per commit, a power loss may lose recent commits but never corrupts: the database reopens
    /// at the state after some prefix of the steps, no shorter than what the last completed Flush made durable.
    /// </summary>
    [Theory]
    [InlineData(Durability.Normal, 3, 0)]
    [InlineData(Durability.None, 4, 0)]
    // Background WAL write-back every 256 bytes: fsyncs from the thread pool land between (and during) commits.
    [InlineData(Durability.None, 5, 256)]
    [InlineData(Durability.Normal, 6, 256)]
    public void RelaxedDurabilityLosesOnlyATailOfCommitsAndNeverCorrupts(Durability durability, int seed, long walWriteback)
    {
        List<Step> plan = Plan(seed);
        var random = new Random(seed);
        var counting = new SimulatedDisk();
        counting.CreateDirectory("/sim");
        Run(counting, plan, durability, walWriteback);
        long total = counting.Operations;
        for (long dieAt = 1; dieAt <= total + 1; dieAt++)
        {
            var disk = new SimulatedDisk();
            disk.CreateDirectory("/sim");
            disk.DieAt(dieAt);
            (int acknowledged, int flushed) = Run(disk, plan, durability, walWriteback);
            disk.PowerLoss(random);

            using LightningDb db = LightningDb.Open(DatabasePath, Options(disk, durability, walWriteback));
            SortedDictionary<string, string> actual = Contents(db);
            int upTo = Math.Min(plan.Count, acknowledged + 1);
            bool isPrefixState = false;
            for (int steps = flushed; steps <= upTo && !isPrefixState; steps++) isPrefixState = actual.SequenceEqual(Expected(plan, steps));
            Assert.True(isPrefixState, $"{durability}, seed {seed}, died at {dieAt} of ~{total}: the state is not that of a prefix of at least {flushed} steps");
            VerifyResult verify = db.Verify();
            Assert.True(verify.IsValid, verify.ToString());
        }
    }
}
