using System.Runtime.CompilerServices;
using Lightning.Kv.BTree;

namespace Lightning.Kv.Cache;

/// <summary>
/// A direct-mapped table in front of the shards' dictionaries for tree pages: slot <c>pageId mod size</c> holds the
/// block of the last tree page made resident there, plus a reference byte. A point read makes three or four page
/// lookups, and in a cache much larger than the CPU's each dictionary lookup costs dependent misses (bucket, node,
/// entry) before the page itself; a slot costs one load, and the page's own header (which every page read touches
/// anyway) says whether it is the page asked for.
/// <para>
/// Only a shard publishes, under its lock, and only its entry's current block; it withdraws the block (compare-and-
/// swap, so a colliding page that took the slot keeps it) when the entry is evicted or removed. So a slot holds
/// either nothing, another page, or the newest block of the page — never an older version: a page id is rewritten
/// only through the shard, which republishes. Readers never publish (a reader's block may be a version old by the
/// time it would store it). A miss on the slot falls back to the dictionary.
/// </para>
/// <para>
/// A slot hit sets the slot's reference byte instead of the entry's bit (the entry would be one more cache miss);
/// the shard's clock asks <see cref="TakeReference"/> as well as the entry, and a page displaced from its slot gets a
/// set byte moved onto its entry's bit. Shards of colliding pages write a slot under different locks, so a byte can
/// now and then be credited to the wrong page — one undeserved second chance, never a wrong block.
/// </para>
/// Sized to twice the pages the budget holds (17 bytes a slot), so the page ids of a file the cache covers do not collide.
/// </summary>
internal sealed class TreePageSlots
{
    /// <summary>The most slots a table has (68 MiB), whatever the budget.</summary>
    public const int MaxSlots = 1 << 22;

    private readonly byte[]?[] _blocks;
    private readonly CacheEntry?[] _owners; // whose block each slot holds: the reference byte goes to it when displaced
    private readonly byte[] _referenced;
    private readonly int _mask;

    /// <summary>Creates a table for a cache of <paramref name="capacityBytes"/> holding pages of <paramref name="pageSize"/>.</summary>
    public TreePageSlots(long capacityBytes, int pageSize)
    {
        long pages = Math.Max(1, capacityBytes / Math.Max(1, pageSize));
        int slots = (int)Math.Min(MaxSlots, Math.Max(64, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)pages * 2)));
        _blocks = new byte[]?[slots];
        _owners = new CacheEntry?[slots];
        _referenced = new byte[slots];
        _mask = slots - 1;
    }

    /// <summary>How many slots the table has.</summary>
    public int Count => _blocks.Length;

    /// <summary>The resident block of tree page <paramref name="pageId"/> when its slot has it; marks the slot referenced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong pageId, out byte[] block)
    {
        int slot = (int)pageId & _mask;
        byte[]? found = Volatile.Read(ref _blocks[slot]);
        if (found is not null && found.Length >= PageFormat.HeaderSize && PageFormat.PageIdOf(found) == pageId)
        {
            // Test first: a hot page's byte is usually set already, and a write would bounce its cache line.
            if (_referenced[slot] == 0) _referenced[slot] = 1;
            block = found;
            return true;
        }
        block = null!;
        return false;
    }

    /// <summary>Puts a resident tree page's current block in its slot (a colliding page loses it); other keys are ignored. Shard lock held.</summary>
    public void Publish(CacheEntry entry)
    {
        if (entry.Key.Owner != CacheKey.TreeOwner) return;
        byte[]? block = entry.Value;
        int slot = (int)entry.Key.Id & _mask;
        // A block that does not name its page could never be served, and the slot may hold this page's previous
        // block: empty the slot rather than leave that there.
        bool servable = block is not null && block.Length >= PageFormat.HeaderSize && PageFormat.PageIdOf(block) == entry.Key.Id;
        CacheEntry? previous = _owners[slot];
        if (previous != entry)
        {
            // A displaced page keeps the hits it had through the slot, on its entry's own bit.
            if (previous is not null && _referenced[slot] != 0) previous.Referenced = true;
            _referenced[slot] = 0;
            _owners[slot] = entry;
        }
        Volatile.Write(ref _blocks[slot], servable ? block : null);
    }

    /// <summary>Empties the slot of <paramref name="block"/> (the entry's block before it is let go), unless another block holds it by now.</summary>
    public void Withdraw(in CacheKey key, byte[]? block)
    {
        if (key.Owner != CacheKey.TreeOwner || block is null) return;
        int slot = (int)key.Id & _mask;
        if (Interlocked.CompareExchange(ref _blocks[slot], null, block) != block) return;
        _owners[slot] = null;
        _referenced[slot] = 0;
    }

    /// <summary>The clock's question: was this page hit through its slot since last asked? Clears the byte. Shard lock held.</summary>
    public bool TakeReference(CacheEntry entry)
    {
        if (entry.Key.Owner != CacheKey.TreeOwner) return false;
        int slot = (int)entry.Key.Id & _mask;
        if (_referenced[slot] == 0 || _owners[slot] != entry) return false;
        _referenced[slot] = 0;
        return true;
    }
}
