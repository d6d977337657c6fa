using Lightning.Kv.Cache;

namespace Lightning.Kv.Sst;

/// <summary>SST data blocks kept in the engine's ARC cache, beside the tree pages, under one byte budget.</summary>
internal sealed class ArcSstBlockCache(PageCache cache) : ISstBlockCache
{
    public bool TryGet(ulong fileNumber, long blockOffset, out byte[] block) =>
        cache.TryGet(CacheKey.ForSstBlock(fileNumber, blockOffset), out block);

    public void Put(ulong fileNumber, long blockOffset, byte[] block) =>
        cache.Put(CacheKey.ForSstBlock(fileNumber, blockOffset), block);

    /// <summary>Drops every block of a run that compaction deleted.</summary>
    public void Forget(ulong fileNumber) => cache.RemoveOwner(CacheKey.OwnerOfSst(fileNumber));
}
