namespace Lightning.Kv.Cache;

/// <summary>
/// One key the cache knows: resident (on T1 or T2, with its block) or a ghost (on B1 or B2, key and size only).
/// Readers find it without a lock and read <see cref="Value"/> once; everything else is changed only under the
/// shard's lock. An entry never changes key, so a reader holding a stale entry sees either a valid block for
/// that key or null (evicted), never another key's block.
/// </summary>
internal sealed class CacheEntry(CacheKey key)
{
    /// <summary>The block's identity.</summary>
    public readonly CacheKey Key = key;

    /// <summary>The cached block; null while the entry is a ghost or after it was removed.</summary>
    public byte[]? Value;

    /// <summary>Bytes charged while resident, and remembered while a ghost (ghost hits adapt by it).</summary>
    public int Size;

    /// <summary>
    /// CAR's reference bit: a hit sets it instead of relinking, so a hit needs no lock. The clock hand gives a
    /// referenced T1 entry a second life on T2 and a referenced T2 entry another turn round T2.
    /// </summary>
    public volatile bool Referenced;

    /// <summary>The list the entry is on.</summary>
    public ArcListKind List;

    /// <summary>Neighbours on the circular list (the shard's lock guards them).</summary>
    public CacheEntry? Previous, Next;
}
