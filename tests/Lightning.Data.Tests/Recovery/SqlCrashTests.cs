using System.Diagnostics;
using System.Globalization;
using Lightning.Data.CrashWriter;
using Lightning.Data.Tests.TestSupport;
using Lightning.Tests.Shared;
using Xunit.Abstractions;

namespace Lightning.Data.Tests.Recovery;

/// <summary>
/// Kill -9 tests for SQL: a child process (Lightning.Data.CrashWriter) runs statements through ADO.NET with
/// <c>Durability=Full</c> on table <c>t (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, payload TEXT NOT NULL UNIQUE)</c>
/// with index <c>t_batch (batch)</c>: autocommit multi-row INSERTs, explicit transactions of inserts, per-row UPDATEs
/// and a DELETE … IN (…) (some rolled back, some containing a multi-row INSERT that fails on a duplicate and must leave
/// nothing), autocommit DELETE and UPDATE … WHERE batch = … touching many rows, and autocommit INSERTs that must fail.
/// It prints every unit before it starts and after it returns. The test SIGKILLs it after a random 20–400 ms, reopens
/// the database and checks that every acknowledged unit is there, that the unit in flight at the kill is all there or
/// not at all (the table equals the model before it or after it), that the table, the batch index and the UNIQUE
/// payload index all agree with the model, that <c>PRAGMA integrity_check</c> returns the single row <c>ok</c>, and that
/// the database keeps working (write, read back, reopen). State accumulates over the cycles on one directory; every
/// fourth cycle counts the delay from process start, so some kills land inside open and recovery.
/// <para>
/// CI runs 25 cycles. For a long run set the environment, e.g.
/// <c>LIGHTNING_SQL_CRASH_CYCLES=500 LIGHTNING_SQL_CRASH_SEED=7 dotnet test tests/Lightning.Data.Tests --filter "FullyQualifiedName~SqlCrashTests"</c>.
/// Failure messages name the seed and cycle.
/// </para>
/// </summary>
public sealed class SqlCrashTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public SqlCrashTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void AcknowledgedStatementsAndTransactionsSurviveRepeatedKills()
    {
        int cycles = FromEnvironment("LIGHTNING_SQL_CRASH_CYCLES", 25);
        int seed = FromEnvironment("LIGHTNING_SQL_CRASH_SEED", 20250611);
        var random = new Random(seed);
        var model = new SqlCrashModel();
        using var database = new TestDatabase("sqlcrash");
        string connectionString = SqlCrashProtocol.ConnectionString(database.Directory);
        int killsAfterWork = 0;
        var clock = Stopwatch.StartNew();
        var checking = new Stopwatch();
        for (int cycle = 0; cycle < cycles; cycle++)
        {
            string context = $"seed {seed}, cycle {cycle}";
            int delay = random.Next(20, 401);
            // Cycle 0 always lets the writer create the schema, so every later check can query the table.
            bool countFromStart = cycle % 4 == 3;
            List<string> lines = RunAndKill(database.Directory, seed + cycle, model.MaxIdSeen + 1, model.MaxBatchSeen + 1,
                delay, countFromStart, context);
            SqlCrashUnit? inFlight = model.ApplyLog(lines, context, out int acknowledged);
            if (acknowledged > 0) killsAfterWork++;

            long verifyId = model.MaxIdSeen + 1, verifyBatch = model.MaxBatchSeen + 1;
            checking.Start();
            // Recovery must cope with whatever the kill left behind: no exception here.
            using (var connection = new LightningConnection(connectionString))
            {
                connection.Open();
                if (inFlight is not null) model.ResolveInFlight(SqlCrashVerifier.ReadTable(connection, context), inFlight, context);
                SqlCrashVerifier.Verify(connection, model, context + " after the kill");

                // The recovered database keeps working: write and read back here, and again after the reopen below.
                SqlCrashVerifier.WriteAndReadBack(connection, verifyId, verifyBatch, context);
                model.Add(verifyId, verifyBatch);
            }
            using (var reopened = new LightningConnection(connectionString))
            {
                reopened.Open();
                SqlCrashVerifier.AssertRow(reopened, verifyId, verifyBatch, context + " after the reopen");
                SqlCrashVerifier.Verify(reopened, model, context + " after the reopen");
            }
            // Both connections are closed, so the engine (and its directory lock) is released for the next writer.
            checking.Stop();
        }
        _output.WriteLine($"seed {seed}: {cycles} kills in {clock.Elapsed.TotalSeconds:F1} s ({checking.Elapsed.TotalSeconds:F1} s of it reopening and checking), {model.AcknowledgedTotal} acknowledged units " +
            $"({model.RejectedTotal} of them INSERTs rejected as they must be); in flight at the kill: {model.InFlightApplied} recovered whole, " +
            $"{model.InFlightLost} absent whole, {model.InFlightWithoutEffect} without effect either way; {model.Rows.Count} rows at the end");
        Assert.True(killsAfterWork > cycles / 2, $"only {killsAfterWork} of {cycles} cycles acknowledged a unit before the kill");
        Assert.True(model.InFlightApplied + model.InFlightLost > 0, "no kill landed inside a unit that changes the table");
    }

    /// <summary>Starts the writer, kills it after <paramref name="delay"/> ms, returns all it printed.</summary>
    private static List<string> RunAndKill(string path, int seed, long firstId, long firstBatch, int delay, bool countFromStart, string context)
    {
        var lines = new List<string>();
        using ChildProcess child = ChildProcess.Start(typeof(Lightning.Data.CrashWriter.Program).Assembly.Location, "write", path,
            seed.ToString(CultureInfo.InvariantCulture), firstId.ToString(CultureInfo.InvariantCulture), firstBatch.ToString(CultureInfo.InvariantCulture));
        if (!countFromStart) child.WaitFor(SqlCrashProtocol.Opened, StartTimeout, lines);
        Thread.Sleep(delay);
        Assert.False(child.HasExited, $"{context}: the writer exited by itself before the kill (code {(child.HasExited ? child.ExitCode : 0)}); stderr:\n{child.Stderr}");
        child.Kill();
        // 137 = 128 + SIGKILL; anything else means the writer died of its own error just before the kill.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            Assert.True(child.ExitCode == 137, $"{context}: writer exit code {child.ExitCode}; stderr:\n{child.Stderr}");
        lines.AddRange(child.RemainingLines());
        return lines;
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : fallback;
}
