namespace Lightning.Workloads.Engines;

/// <summary>
/// The small surface every engine under test exposes to the workloads. Implementations must allow
/// concurrent calls from several threads once <see cref="Open"/> has returned.
/// </summary>
internal interface IKvAdapter : IDisposable
{
    /// <summary>Short engine name used on the command line and in the report.</summary>
    string Name { get; }

    /// <summary>False when the engine has no ordered range scan (the scan workloads report n/a).</summary>
    bool SupportsScans { get; }

    /// <summary>False when the engine cannot make each single commit durable before it returns.</summary>
    bool SupportsSyncPerCommit { get; }

    /// <summary>Opens (creating) a store in <paramref name="directory"/>; <paramref name="syncPerCommit"/> selects fsync per commit or no fsync.</summary>
    void Open(string directory, bool syncPerCommit);

    /// <summary>Plain-words description of the durability setting actually used by the last <see cref="Open"/>.</summary>
    string DurabilityDescription { get; }

    /// <summary>Stores one key as its own commit.</summary>
    void Put(byte[] key, byte[] value);

    /// <summary>Stores <paramref name="count"/> entries starting at <paramref name="start"/> as one atomic batch.</summary>
    void PutBatch(byte[][] keys, byte[][] values, int start, int count);

    /// <summary>Reads one key into <paramref name="buffer"/> (or wherever the engine puts it); returns the value length, -1 when absent.</summary>
    int Get(byte[] key, byte[] buffer);

    /// <summary>Reads up to <paramref name="count"/> entries in key order starting at <paramref name="from"/>; returns how many were read.</summary>
    int Scan(byte[] from, int count);

    /// <summary>Makes the engine move buffered writes to its main structure when it has such a step (between load and read phases); may be a no-op.</summary>
    void Settle();

    /// <summary>Bytes the store occupies on disk.</summary>
    long DiskSize();
}
