namespace Lightning.Workloads.Measurement;

/// <summary>One measured workload on one engine (serialized from the child process to the parent as JSON).</summary>
internal sealed class WorkloadResult
{
    public string Workload { get; set; } = "";
    public int Threads { get; set; }
    /// <summary>"ok", "n/a: reason" or "failed: reason".</summary>
    public string Status { get; set; } = "ok";
    public string Durability { get; set; } = "";
    public long Operations { get; set; }
    public double Seconds { get; set; }
    public double OpsPerSecond { get; set; }
    public double P50Micros { get; set; }
    public double P99Micros { get; set; }
    public double AllocatedBytesPerOp { get; set; }

    public bool Ok => Status == "ok";

    /// <summary>Row key: workload name plus thread count.</summary>
    public string Key => $"{Workload} ({Threads}T)";
}
