using Lightning.Workloads.Measurement;
using Lightning.Workloads.Reporting;

namespace Lightning.Workloads;

/// <summary>
/// Entry point of the peer benchmark suite: runs the selected workloads on each selected engine (one child process
/// per engine), prints the figures and, with <c>--report DIR</c>, writes DIR/benchmarks.md and DIR/benchmarks/*.svg.
/// Exit code 0 unless Lightning itself failed (or the arguments were wrong); unavailable peers do not fail the run.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        RunSettings s;
        try { s = RunSettings.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (s.ChildEngine is not null) return ChildLauncher.RunChild(s, s.ChildEngine);

        DateTimeOffset started = DateTimeOffset.Now;
        Console.WriteLine($"Lightning.Workloads: engines {string.Join(",", s.Engines)}; workloads {string.Join(",", s.Workloads)}; keys {s.Keys:N0}; threads {s.Threads}{(s.Quick ? "; QUICK (checks the runner, not speeds)" : "")}");
        var results = new List<EngineResult>();
        foreach (string engine in s.Engines)
        {
            Console.WriteLine($"== {engine}");
            EngineResult r = ChildLauncher.Run(s, engine);
            if (r.Status != "ok") Console.WriteLine($"  {engine}: {r.Status}");
            results.Add(r);
        }
        TimeSpan elapsed = DateTimeOffset.Now - started;
        Console.WriteLine($"Finished in {elapsed.TotalSeconds:N0} s.");

        if (s.ReportDirectory is not null)
        {
            string chartName = "ops-per-second.svg";
            string chartDir = Path.Combine(s.ReportDirectory, "benchmarks");
            Directory.CreateDirectory(chartDir);
            File.WriteAllText(Path.Combine(chartDir, chartName), SvgChart.Render(s, results));
            string reportPath = Path.Combine(s.ReportDirectory, "benchmarks.md");
            // The file also holds hand-written sections (Dapper, EF Core) after the generated one: keep them.
            string kept = File.Exists(reportPath) ? MarkdownReport.HandWrittenTail(File.ReadAllText(reportPath)) : "";
            File.WriteAllText(reportPath, MarkdownReport.Render(s, results, started, elapsed, $"benchmarks/{chartName}") + kept);
            Console.WriteLine($"Report written to {Path.Combine(s.ReportDirectory, "benchmarks.md")}");
        }

        EngineResult? lightning = results.Find(r => r.Engine == "lightning");
        bool lightningFailed = lightning is not null && (lightning.Status != "ok" || lightning.Workloads.Exists(w => w.Status.StartsWith("failed", StringComparison.Ordinal)));
        if (lightningFailed) Console.Error.WriteLine($"Lightning failed: {lightning!.Status}");
        return lightningFailed ? 1 : 0;
    }
}
