namespace Lightning.Kv;

/// <summary>Bytes written to files versus bytes the application wrote (part of <see cref="LightningDbMetrics"/>).</summary>
public sealed record DiskWriteMetrics
{
    /// <summary>Bytes written to write-ahead log segments since open.</summary>
    public long WalBytes { get; init; }

    /// <summary>Bytes written to the B+Tree file (<c>tree.db</c>) since open.</summary>
    public long TreeBytes { get; init; }

    /// <summary>Bytes written to sorted-run files (<c>.sst</c>) since open.</summary>
    public long SstBytes { get; init; }

    /// <summary>Bytes written to any other file since open.</summary>
    public long OtherBytes { get; init; }

    /// <summary>All bytes written to files since open.</summary>
    public long TotalBytes => WalBytes + TreeBytes + SstBytes + OtherBytes;

    /// <summary>Key and value bytes of the writes accepted since open (a delete counts its key).</summary>
    public long UserBytes { get; init; }

    /// <summary><see cref="TotalBytes"/> / <see cref="UserBytes"/>; 0 before the first write.</summary>
    public double WriteAmplification => UserBytes == 0 ? 0 : (double)TotalBytes / UserBytes;
}
