namespace Lightning.Kv;

/// <summary>The B+Tree page cache (part of <see cref="LightningDbMetrics"/>).</summary>
public sealed record CacheMetrics
{
    /// <summary>Page lookups served from memory since open.</summary>
    public long Hits { get; init; }

    /// <summary>Page lookups that read the file since open.</summary>
    public long Misses { get; init; }

    /// <summary>Hits / (hits + misses); 0 before the first lookup.</summary>
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    /// <summary>Bytes of pages held now.</summary>
    public long BytesInUse { get; init; }

    /// <summary>Bytes the cache may hold (<see cref="LightningDbOptions.CacheSize"/>).</summary>
    public long CapacityBytes { get; init; }
}
