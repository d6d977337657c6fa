using System.Globalization;

namespace Lightning.Workloads;

/// <summary>Everything a run is configured with, parsed from the command line.</summary>
internal sealed class RunSettings
{
    /// <summary>Every engine the runner knows, in report order.</summary>
    public static readonly string[] AllEngines = ["lightning", "sqlite", "lmdb", "rocksdb", "zonetree", "faster"];

    public List<string> Engines { get; private set; } = [.. AllEngines];
    public List<string> Workloads { get; private set; } = [.. WorkloadNames.All];
    public int Keys { get; private set; } = 200_000;
    public int Threads { get; private set; } = 2;
    public bool Quick { get; private set; }
    public string? ReportDirectory { get; private set; }
    public int OpsPerThread { get; private set; } = 200_000;
    public int FsyncOpsPerThread { get; private set; } = 2_000;
    public double TimeCapSeconds { get; private set; } = 5;
    public int ValueSize { get; } = 100;
    public int HotSetSize { get; } = 1_000;
    public int ScanLength { get; } = 100;
    /// <summary>Keys per scan inside the mix (the issue's mixed workload: 25% scans of 50 keys).</summary>
    public int MixScanLength { get; } = 50;
    public int BatchSize { get; } = 1_000;
    public int MixMinValue { get; } = 100;
    public int MixMaxValue { get; } = 10 * 1024;
    public string WorkDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "lightning-workloads");
    public double ChildTimeoutSeconds { get; private set; } = 240;
    public string? ChildEngine { get; private set; }
    public string? ResultFile { get; private set; }

    /// <summary>The arguments as given, passed on to the per-engine child processes.</summary>
    public string[] RawArguments { get; private set; } = [];

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> on a bad argument.</summary>
    public static RunSettings Parse(string[] args)
    {
        var s = new RunSettings { RawArguments = args };
        bool keysGiven = false, opsGiven = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg)
            {
                case "--engines": s.Engines = SplitList(Next(), AllEngines, "engine"); break;
                case "--workloads": s.Workloads = SplitList(Next(), WorkloadNames.All, "workload"); break;
                case "--keys": s.Keys = PositiveInt(Next(), arg); keysGiven = true; break;
                case "--threads": s.Threads = PositiveInt(Next(), arg); break;
                case "--ops": s.OpsPerThread = PositiveInt(Next(), arg); opsGiven = true; break;
                case "--fsync-ops": s.FsyncOpsPerThread = PositiveInt(Next(), arg); break;
                case "--time-cap": s.TimeCapSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--quick": s.Quick = true; break;
                case "--report": s.ReportDirectory = Next(); break;
                case "--work-dir": s.WorkDirectory = Next(); break;
                case "--child": s.ChildEngine = Next(); break;
                case "--result-file": s.ResultFile = Next(); break;
                default: throw new ArgumentException($"Unknown argument {arg}.");
            }
        }
        if (s.Quick)
        {
            if (!keysGiven) s.Keys = 5_000;
            if (!opsGiven) s.OpsPerThread = 2_000;
            s.FsyncOpsPerThread = Math.Min(s.FsyncOpsPerThread, 100);
            s.TimeCapSeconds = Math.Min(s.TimeCapSeconds, 0.5);
            s.ChildTimeoutSeconds = 60;
        }
        return s;
    }

    private static List<string> SplitList(string value, string[] known, string what)
    {
        var list = new List<string>();
        foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string lower = part.ToLowerInvariant();
            if (Array.IndexOf(known, lower) < 0)
                throw new ArgumentException($"Unknown {what} '{part}'; known: {string.Join(", ", known)}.");
            list.Add(lower);
        }
        return list;
    }

    private static int PositiveInt(string value, string name)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n <= 0)
            throw new ArgumentException($"{name} needs a positive integer, not '{value}'.");
        return n;
    }
}
