using System.Globalization;
using Lightning.Kv.CrashWriter;
using Lightning.Kv.Platform;
using Lightning.Kv.Wal;
using Lightning.Tests.Shared;
using Xunit.Abstractions;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// Kill -9 tests: a child process (Lightning.Kv.CrashWriter, <c>write</c> mode) commits batches, transactions and
/// single puts/deletes with <see cref="Durability.Full"/> and a 64 KiB memtable (so background flushes into the
/// tree run all the time) and prints every acknowledged commit; the test SIGKILLs it after a random 20–400 ms,
/// reopens the database and checks that every acknowledged commit is there, that the commit in flight at the kill
/// is all there or not at all, and that the database keeps working. State accumulates over the cycles on one
/// directory, so later cycles recover databases that earlier kills (and recoveries) left behind; every fourth
/// cycle counts the delay from process start, so some kills land inside open/recovery itself.
/// <para>
/// CI runs 50 cycles. For a long soak run set the environment, e.g.
/// <c>LIGHTNING_CRASH_CYCLES=1000 LIGHTNING_CRASH_SEED=7 dotnet test tests/Lightning.Kv.Tests --filter "FullyQualifiedName~CrashTests"</c>
/// (roughly 0.5–1 s per cycle; the writer retires old batch keys, so the database stays a few thousand keys).
/// Failure messages name the seed and cycle.
/// </para>
/// </summary>
public sealed class CrashTests
{
    private const long MemtableBytes = 64 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public CrashTests(ITestOutputHelper output) => _output = output;

    private static LightningDbOptions Options() => new()
    {
        Durability = Durability.Full,
        MemtableSize = MemtableBytes,
        PageSize = 4096,
        CacheSize = 512 * 1024,
    };

    [Fact]
    public void AcknowledgedCommitsSurviveRepeatedKills()
    {
        int cycles = FromEnvironment("LIGHTNING_CRASH_CYCLES", 50);
        int seed = FromEnvironment("LIGHTNING_CRASH_SEED", 20240617);
        var random = new Random(seed);
        var model = new CrashModel();
        using var dir = new TestDirectory("crash");
        long nextId = 1;
        int killsAfterWrites = 0;
        for (int cycle = 0; cycle < cycles; cycle++)
        {
            string context = $"seed {seed}, cycle {cycle}";
            int delay = random.Next(20, 401);
            bool countFromStart = cycle % 4 == 3;
            List<string> lines = RunAndKill(dir.Path, seed + cycle, nextId, delay, countFromStart, context);
            CrashOp? inFlight = model.ApplyLog(lines, out int acknowledged);
            if (acknowledged > 0) killsAfterWrites++;
            nextId = Math.Max(nextId, model.MaxIdSeen + 1);

            // Recovery must cope with whatever the kill left in the WAL tail and the tree: no exception here.
            using (LightningDb db = LightningDb.Open(dir.Path, Options()))
            {
                if (inFlight is { } op) model.ResolveInFlight(db, op);
                model.Verify(db, context + " after the kill");

                // The recovered database keeps working: write, read back, and reopen below.
                string key = $"verify/{cycle}";
                byte[] value = System.Text.Encoding.ASCII.GetBytes($"written by the test after kill {cycle} of seed {seed}");
                db.Put(CrashProtocol.Bytes(key), value);
                Assert.Equal(value, db.Get(CrashProtocol.Bytes(key)));
                model.Put(key, value);
            }
            AssertWalHasNoTornTail(dir.Path, context);
            using (LightningDb db = LightningDb.Open(dir.Path, Options()))
            {
                Assert.Equal(System.Text.Encoding.ASCII.GetBytes($"written by the test after kill {cycle} of seed {seed}"),
                    db.Get(CrashProtocol.Bytes($"verify/{cycle}")));
                Assert.Equal(model.Count, db.Scan(null, null).Count());
            }
        }
        _output.WriteLine($"seed {seed}: {cycles} kills, {model.AcknowledgedTotal} acknowledged commits, in flight at the kill: " +
            $"{model.InFlightApplied} recovered whole, {model.InFlightLost} absent whole; {model.Count} keys at the end");
        Assert.True(killsAfterWrites > 0, "no cycle acknowledged a commit before the kill, so nothing was tested");
        Assert.True(model.AcknowledgedTotal > 0);
    }

    /// <summary>Starts the writer, kills it after <paramref name="delay"/> ms, returns all it printed.</summary>
    private static List<string> RunAndKill(string path, int seed, long firstId, int delay, bool countFromStart, string context)
    {
        var lines = new List<string>();
        using ChildProcess child = ChildProcess.Start(typeof(Lightning.Kv.CrashWriter.Program).Assembly.Location, "write", path, seed.ToString(CultureInfo.InvariantCulture),
            MemtableBytes.ToString(CultureInfo.InvariantCulture), firstId.ToString(CultureInfo.InvariantCulture));
        if (!countFromStart) child.WaitFor(CrashProtocol.Opened, StartTimeout, lines);
        Thread.Sleep(delay);
        Assert.False(child.HasExited, $"{context}: the writer exited by itself before the kill; stderr:\n{child.Stderr}");
        child.Kill();
        // 137 = 128 + SIGKILL; anything else means the writer died of its own error just before the kill.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            Assert.True(child.ExitCode == 137, $"{context}: writer exit code {child.ExitCode}; stderr:\n{child.Stderr}");
        lines.AddRange(child.RemainingLines());
        return lines;
    }

    /// <summary>After recovery and a clean close, no segment may still end in a torn record.</summary>
    private static void AssertWalHasNoTornTail(string path, string context)
    {
        foreach (string segment in Directory.GetFiles(Path.Combine(path, WalFormat.Directory), "*" + WalFormat.Extension))
        {
            using IStorageFile file = DiskFileSystem.Instance.Open(segment, create: false);
            WalReader.Result result = WalReader.Read(file, isNewest: true, expectedSequence: 0, (_, _) => { });
            Assert.False(result.TornTail, $"{context}: {segment} still ends in a torn record at offset {result.ValidLength}");
        }
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : fallback;
}
