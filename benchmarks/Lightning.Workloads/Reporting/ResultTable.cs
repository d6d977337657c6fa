using Lightning.Workloads.Measurement;

namespace Lightning.Workloads.Reporting;

/// <summary>Indexes the results by (workload, threads) row and engine, in report order.</summary>
internal sealed class ResultTable
{
    public List<(string Workload, int Threads)> Rows { get; } = [];
    private readonly Dictionary<(string, int, string), WorkloadResult> _cells = [];

    public ResultTable(List<EngineResult> engines)
    {
        foreach (string workload in WorkloadNames.All)
        {
            var threads = new SortedSet<int>();
            foreach (EngineResult e in engines)
                foreach (WorkloadResult w in e.Workloads)
                    if (w.Workload == workload) { threads.Add(w.Threads); _cells[(workload, w.Threads, e.Engine)] = w; }
            foreach (int t in threads) Rows.Add((workload, t));
        }
    }

    public WorkloadResult? Get(string workload, int threads, string engine) =>
        _cells.TryGetValue((workload, threads, engine), out WorkloadResult? w) ? w : null;
}
