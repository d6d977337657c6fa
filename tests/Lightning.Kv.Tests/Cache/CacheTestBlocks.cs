using System.Buffers.Binary;
using Lightning.Kv.Cache;

namespace Lightning.Kv.Tests.Cache;

/// <summary>Blocks that carry their own key and version, so a test can tell which put a cached block came from.</summary>
internal static class CacheTestBlocks
{
    /// <summary>The smallest block: owner, id and version.</summary>
    public const int MinSize = 20;

    public static byte[] Block(CacheKey key, int size, int version = 0)
    {
        byte[] block = new byte[Math.Max(MinSize, size)];
        BinaryPrimitives.WriteUInt64LittleEndian(block, key.Owner);
        BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(8), key.Id);
        BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(16), version);
        return block;
    }

    public static byte[] Page(ulong pageId, int size, int version = 0) => Block(CacheKey.ForTreePage(pageId), size, version);

    /// <summary>The key a block was made for.</summary>
    public static CacheKey KeyOf(byte[] block) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(block), BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(8)));

    /// <summary>Tree page ids from <paramref name="start"/> on that land in <paramref name="shard"/>.</summary>
    public static List<ulong> PageIdsInShard(PageCache cache, int shard, int count, ulong start = 0)
    {
        var ids = new List<ulong>(count);
        for (ulong id = start; ids.Count < count; id++)
            if (cache.ShardIndexOf(CacheKey.ForTreePage(id)) == shard) ids.Add(id);
        return ids;
    }
}
