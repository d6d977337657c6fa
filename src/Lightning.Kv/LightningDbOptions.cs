using Lightning.Kv.Platform;

namespace Lightning.Kv;

/// <summary>Settings for <see cref="LightningDb.Open"/>. The defaults suit most applications.</summary>
public sealed class LightningDbOptions
{
    /// <summary>When commits become crash-proof. Default <see cref="Durability.Full"/>.</summary>
    public Durability Durability { get; set; } = Durability.Full;

    /// <summary>How often <see cref="Durability.Normal"/> fsyncs the WAL. Default 10 ms.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// For <see cref="Durability.Normal"/> and <see cref="Durability.None"/>: after this many bytes are appended to
    /// the write-ahead log, a background fsync writes them out, so the fsync that closes a full log segment (on the
    /// write path) has little left to do. 0 turns it off. Default 4 MiB.
    /// </summary>
    public long WalWritebackSize { get; set; } = 4L * 1024 * 1024;

    /// <summary>Bytes of writes collected in memory before they are flushed to disk as a level-0 run. Default 64 MiB.</summary>
    public long MemtableSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many full memtables may wait for the background flush before writers wait. Default 2.</summary>
    public int MaxImmutableMemtables { get; set; } = 2;

    /// <summary>
    /// How many level-0 runs (one per flushed memtable) collect before a background compaction merges them into the
    /// B+Tree. Fewer runs mean cheaper reads; more mean fewer, larger tree rewrites. Writers slow down at twice this
    /// many runs and wait at four times as many, until compaction catches up. Default 8.
    /// </summary>
    public int Level0CompactionTrigger { get; set; } = 8;

    /// <summary>
    /// Worker threads that merge a compaction's level-0 runs, each over its own key range, while the compaction thread
    /// writes the merged ranges into the B+Tree in key order. 1–16. Default: half the processors, 1 to 4.
    /// </summary>
    public int CompactionThreads { get; set; } = Math.Clamp(Environment.ProcessorCount / 2, 1, 4);

    /// <summary>Bytes of B+Tree pages and level-0 run blocks kept in memory (decompressed). Default 64 MiB.</summary>
    public long CacheSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>B+Tree page size in bytes: a power of two from 4096 to 65536. Fixed when the database is created. Default 8192.</summary>
    public int PageSize { get; set; } = 8192;

    /// <summary>Range scans that miss the page cache read the next leaf pages ahead of the cursor on the thread pool. Default true.</summary>
    public bool PrefetchEnabled { get; set; } = true;

    /// <summary>On Linux machines with two or more NUMA nodes, pin the database's background threads to one node (databases
    /// are spread over nodes in the order they open). A no-op on one node and on other platforms. Default true.</summary>
    public bool NumaAware { get; set; } = true;

    /// <summary>Create the database directory when it does not exist. Default true.</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>The file system used for every file access (a seam for fault-injection tests).</summary>
    internal IFileSystem FileSystem { get; set; } = DiskFileSystem.Instance;

    internal LightningDbOptions Validated()
    {
        if (PageSize < 4096 || PageSize > 65536 || (PageSize & (PageSize - 1)) != 0)
            Throw.Invalid($"PageSize must be a power of two between 4096 and 65536, not {PageSize}.");
        if (MemtableSize < 64 * 1024)
            Throw.Invalid($"MemtableSize must be at least 64 KiB, not {MemtableSize}.");
        if (CacheSize < 0)
            Throw.Invalid("CacheSize cannot be negative.");
        if (Level0CompactionTrigger < 1 || Level0CompactionTrigger > 64)
            Throw.Invalid($"Level0CompactionTrigger must be between 1 and 64, not {Level0CompactionTrigger}.");
        if (CompactionThreads < 1 || CompactionThreads > 16)
            Throw.Invalid($"CompactionThreads must be between 1 and 16, not {CompactionThreads}.");
        if (MaxImmutableMemtables < 1)
            Throw.Invalid("MaxImmutableMemtables must be at least 1.");
        if (!Enum.IsDefined(Durability))
            Throw.Invalid($"Unknown durability mode {Durability}.");
        if (WalWritebackSize < 0)
            Throw.Invalid("WalWritebackSize must be 0 (off) or positive.");
        if (SyncInterval <= TimeSpan.Zero)
            Throw.Invalid("SyncInterval must be positive.");
        return (LightningDbOptions)MemberwiseClone();
    }
}
