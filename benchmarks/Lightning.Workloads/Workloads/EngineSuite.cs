using System.Diagnostics;
using Lightning.Workloads.Engines;
using Lightning.Workloads.Measurement;

namespace Lightning.Workloads;

/// <summary>Runs every selected workload against one engine (inside that engine's child process).</summary>
internal sealed class EngineSuite(RunSettings s, Func<IKvAdapter> factory)
{
    private readonly TestData _data = new(s);
    private readonly EngineResult _result = new();

    private bool Selected(string workload) => s.Workloads.Contains(workload);

    public EngineResult Run(string engine)
    {
        _result.Engine = engine;
        string root = Path.Combine(s.WorkDirectory, engine);
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        try
        {
            if (Selected(WorkloadNames.SequentialLoad)) SequentialPhase(Path.Combine(root, "seq"));
            MainPhase(Path.Combine(root, "main"));
            if (Selected(WorkloadNames.PutFsync)) FsyncPhase(Path.Combine(root, "fsync"));
        }
        catch (Exception e)
        {
            bool unavailable = IsUnavailable(e) && _result.Workloads.Count == 0;
            _result.Status = unavailable ? $"unavailable: {Describe(e)}" : $"failed: {Describe(e)}";
            Console.Error.WriteLine($"  {engine}: {(unavailable ? Describe(e) : e.ToString())}");
        }
        finally
        {
            _result.PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64;
            try { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        return _result;
    }

    private static bool IsUnavailable(Exception e) =>
        e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException or TypeLoadException
        || (e.InnerException is not null && IsUnavailable(e.InnerException));

    private static string Describe(Exception e)
    {
        while (e.InnerException is not null && e is TypeInitializationException) e = e.InnerException;
        return $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
    }

    private void Record(WorkloadResult r, string durability)
    {
        r.Durability = durability;
        _result.Workloads.Add(r);
        Console.WriteLine($"  {_result.Engine,-10} {r.Key,-18} {r.OpsPerSecond,14:N0} ops/s  p50 {r.P50Micros,9:N1} us  p99 {r.P99Micros,9:N1} us  {r.AllocatedBytesPerOp,9:N0} B/op");
    }

    private void NotApplicable(string workload, int threads, string reason) =>
        _result.Workloads.Add(new WorkloadResult { Workload = workload, Threads = threads, Status = $"n/a: {reason}" });

    private void SequentialPhase(string dir)
    {
        using IKvAdapter db = factory();
        db.Open(dir, syncPerCommit: false);
        _result.NoFsyncDurability = db.DurabilityDescription;
        Record(Load(db, _data.Keys, WorkloadNames.SequentialLoad), db.DurabilityDescription);
    }

    private WorkloadResult Load(IKvAdapter db, byte[][] keys, string name)
    {
        int batches = (keys.Length + s.BatchSize - 1) / s.BatchSize;
        WorkloadResult r = OpRunner.Run(name, 1, batches, double.MaxValue / 4, (_, b) =>
        {
            int start = b * s.BatchSize;
            db.PutBatch(keys, _data.Values, start, Math.Min(s.BatchSize, keys.Length - start));
        });
        r.Operations = keys.Length;
        r.OpsPerSecond = keys.Length / r.Seconds;
        r.AllocatedBytesPerOp = r.AllocatedBytesPerOp / s.BatchSize;
        return r;
    }

    private void MainPhase(string dir)
    {
        using IKvAdapter db = factory();
        db.Open(dir, syncPerCommit: false);
        string durability = db.DurabilityDescription;
        _result.NoFsyncDurability = durability;
        WorkloadResult load = Load(db, _data.ShuffledKeys, WorkloadNames.RandomLoad);
        if (Selected(WorkloadNames.RandomLoad)) Record(load, durability);
        db.Settle();
        _result.DiskBytesAfterLoad = db.DiskSize();
        CheckReadBack(db);

        int[] threadCounts = s.Threads > 1 ? [1, s.Threads] : [1];
        if (Selected(WorkloadNames.RandomRead))
        {
            // One unmeasured pass first, for every engine alike: "warm" means JIT-compiled code and filled caches,
            // not the first pass's tier-0 code and cache misses.
            Reads(db, 1, s.Keys, WorkloadNames.RandomRead);
            foreach (int t in threadCounts) Record(Reads(db, t, s.Keys, WorkloadNames.RandomRead), durability);
        }
        if (Selected(WorkloadNames.HotRead))
        {
            Reads(db, 1, Math.Min(s.HotSetSize, s.Keys), WorkloadNames.HotRead); // warm-up pass
            Record(Reads(db, 1, Math.Min(s.HotSetSize, s.Keys), WorkloadNames.HotRead), durability);
        }
        if (Selected(WorkloadNames.Scan))
        {
            if (db.SupportsScans) Record(Scans(db), durability);
            else NotApplicable(WorkloadNames.Scan, 1, "no ordered range scan (hash store)");
        }
        if (Selected(WorkloadNames.Put))
            foreach (int t in threadCounts) Record(Puts(db, t, s.OpsPerThread, s.Keys, WorkloadNames.Put), durability);
        if (Selected(WorkloadNames.Mix))
        {
            if (db.SupportsScans) Record(Mix(db), durability);
            else NotApplicable(WorkloadNames.Mix, s.Threads, "25% of the mix is range scans, which this engine lacks");
        }
    }

    private void CheckReadBack(IKvAdapter db)
    {
        var buffer = new byte[s.MixMaxValue];
        for (int i = 0; i < s.Keys; i += Math.Max(1, s.Keys / 100))
            if (db.Get(_data.Keys[i], buffer) != s.ValueSize)
                throw new InvalidOperationException($"Read-back check failed: key {i} missing or wrong length after the load.");
    }

    private WorkloadResult Reads(IKvAdapter db, int threads, int bound, string name)
    {
        int[][] picks = new int[threads][];
        byte[][] buffers = new byte[threads][];
        for (int t = 0; t < threads; t++) { picks[t] = TestData.RandomIndexes(s.OpsPerThread, bound, 100 + t); buffers[t] = new byte[s.MixMaxValue]; }
        byte[][] keys = name == WorkloadNames.HotRead ? _data.ShuffledKeys : _data.Keys;
        return OpRunner.Run(name, threads, s.OpsPerThread, s.TimeCapSeconds, (t, i) =>
        {
            if (db.Get(keys[picks[t][i]], buffers[t]) < 0) throw new InvalidOperationException("A loaded key was not found.");
        });
    }

    private WorkloadResult Scans(IKvAdapter db)
    {
        int[] picks = TestData.RandomIndexes(s.OpsPerThread, Math.Max(1, s.Keys - s.ScanLength), 200);
        return OpRunner.Run(WorkloadNames.Scan, 1, s.OpsPerThread, s.TimeCapSeconds, (_, i) =>
        {
            if (db.Scan(_data.Keys[picks[i]], s.ScanLength) != s.ScanLength) throw new InvalidOperationException("A scan returned too few keys.");
        });
    }

    private WorkloadResult Puts(IKvAdapter db, int threads, int ops, int bound, string name)
    {
        int[][] picks = new int[threads][];
        for (int t = 0; t < threads; t++) picks[t] = TestData.RandomIndexes(ops, bound, 300 + t);
        return OpRunner.Run(name, threads, ops, s.TimeCapSeconds, (t, i) => db.Put(_data.Keys[picks[t][i]], _data.Values[i]));
    }

    private WorkloadResult Mix(IKvAdapter db)
    {
        int threads = s.Threads;
        int[][] picks = new int[threads][];
        int[][] kinds = new int[threads][];
        byte[][] buffers = new byte[threads][];
        for (int t = 0; t < threads; t++)
        {
            picks[t] = TestData.RandomIndexes(s.OpsPerThread, Math.Max(1, s.Keys - s.MixScanLength), 400 + t);
            kinds[t] = TestData.RandomIndexes(s.OpsPerThread, 4, 500 + t);
            buffers[t] = new byte[s.MixMaxValue];
        }
        return OpRunner.Run(WorkloadNames.Mix, threads, s.OpsPerThread, s.TimeCapSeconds, (t, i) =>
        {
            byte[] key = _data.Keys[picks[t][i]];
            switch (kinds[t][i])
            {
                case 0: case 1: db.Get(key, buffers[t]); break;
                case 2: db.Put(key, _data.MixValues[i & 255]); break;
                default: db.Scan(key, s.MixScanLength); break;
            }
        });
    }

    private void FsyncPhase(string dir)
    {
        using IKvAdapter db = factory();
        if (!db.SupportsSyncPerCommit)
        {
            NotApplicable(WorkloadNames.PutFsync, 1, "no fsync-per-commit mode");
            if (s.Threads > 1) NotApplicable(WorkloadNames.PutFsync, s.Threads, "no fsync-per-commit mode");
            _result.FsyncDurability = "n/a";
            return;
        }
        db.Open(dir, syncPerCommit: true);
        _result.FsyncDurability = db.DurabilityDescription;
        int[] threadCounts = s.Threads > 1 ? [1, s.Threads] : [1];
        foreach (int threads in threadCounts)
        {
            int ops = s.FsyncOpsPerThread;
            int baseIndex = threads * 10_000_000;
            byte[][][] keys = new byte[threads][][];
            for (int t = 0; t < threads; t++)
            {
                keys[t] = new byte[ops][];
                for (int i = 0; i < ops; i++) keys[t][i] = TestData.MakeKey((ulong)(baseIndex + t * ops + i));
            }
            Record(OpRunner.Run(WorkloadNames.PutFsync, threads, ops, s.TimeCapSeconds, (t, i) => db.Put(keys[t][i], _data.Values[i])),
                db.DurabilityDescription);
        }
    }
}
