namespace Lightning.Kv.Cache;

/// <summary>
/// A snapshot of the ARC lists, summed over shards: how many entries and bytes are resident on T1 (seen once) and
/// T2 (seen again), how many keys and bytes the ghost lists B1 and B2 remember, and the adaptive target for T1.
/// For tests and metrics; each shard is read under its lock, so one shard's numbers agree with each other.
/// </summary>
/// <param name="T1Count">Resident entries seen once since admission.</param>
/// <param name="T1Bytes">Their bytes.</param>
/// <param name="T2Count">Resident entries seen at least twice (or readmitted by a ghost hit).</param>
/// <param name="T2Bytes">Their bytes.</param>
/// <param name="B1Count">Keys recently evicted from T1.</param>
/// <param name="B1Bytes">The bytes those entries had.</param>
/// <param name="B2Count">Keys recently evicted from T2.</param>
/// <param name="B2Bytes">The bytes those entries had.</param>
/// <param name="TargetT1Bytes">ARC's p: the bytes T1 aims for; B1 ghost hits raise it, B2 ghost hits lower it.</param>
internal readonly record struct ArcListSizes(
    long T1Count, long T1Bytes, long T2Count, long T2Bytes,
    long B1Count, long B1Bytes, long B2Count, long B2Bytes, long TargetT1Bytes)
{
    /// <summary>Resident entries (T1 + T2).</summary>
    public long ResidentCount => T1Count + T2Count;

    /// <summary>Resident bytes (T1 + T2).</summary>
    public long ResidentBytes => T1Bytes + T2Bytes;

    /// <summary>Field-by-field sum, to total the shards.</summary>
    public static ArcListSizes operator +(ArcListSizes a, ArcListSizes b) => new(
        a.T1Count + b.T1Count, a.T1Bytes + b.T1Bytes, a.T2Count + b.T2Count, a.T2Bytes + b.T2Bytes,
        a.B1Count + b.B1Count, a.B1Bytes + b.B1Bytes, a.B2Count + b.B2Count, a.B2Bytes + b.B2Bytes,
        a.TargetT1Bytes + b.TargetT1Bytes);
}
