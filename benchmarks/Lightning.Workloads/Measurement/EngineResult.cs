namespace Lightning.Workloads.Measurement;

/// <summary>Everything measured for one engine in its child process.</summary>
internal sealed class EngineResult
{
    public string Engine { get; set; } = "";
    /// <summary>"ok", "unavailable: reason" or "failed: reason".</summary>
    public string Status { get; set; } = "ok";
    public string NoFsyncDurability { get; set; } = "";
    public string FsyncDurability { get; set; } = "";
    public long PeakWorkingSetBytes { get; set; }
    /// <summary>On-disk size after the random load and settle step.</summary>
    public long DiskBytesAfterLoad { get; set; }
    public List<WorkloadResult> Workloads { get; set; } = [];
}
