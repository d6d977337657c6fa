using System.Runtime.CompilerServices;

namespace Lightning.Kv.Cache;

/// <summary>
/// A direct-mapped table in front of the shards' dictionaries for tree pages: slot <c>pageId mod size</c> holds the
/// cache entry of the last resident page published there. A point read makes three or four page lookups, and in a
/// cache much larger than the CPU's, each dictionary lookup costs dependent misses (bucket, node, entry) before the
/// page itself; a slot costs one. A slot is only a shortcut: it may be empty, hold a colliding page's entry, or hold
/// a dead entry (one the shard has since forgotten), and then the reader checks the key, finds no block and falls
/// back to the dictionary. It can never yield a wrong block, because an entry never changes key and its
/// <see cref="CacheEntry.Value"/> is either that key's current block or null once the entry leaves the dictionary.
/// Sized to twice the pages the budget holds (8 bytes a slot), so page ids of a file the cache covers do not collide.
/// </summary>
internal sealed class TreePageSlots
{
    /// <summary>The most slots a table has (32 MiB of references), whatever the budget.</summary>
    public const int MaxSlots = 1 << 22;

    private readonly CacheEntry?[] _slots;
    private readonly int _mask;

    /// <summary>Creates a table for a cache of <paramref name="capacityBytes"/> holding pages of <paramref name="pageSize"/>.</summary>
    public TreePageSlots(long capacityBytes, int pageSize)
    {
        long pages = Math.Max(1, capacityBytes / Math.Max(1, pageSize));
        int slots = (int)Math.Min(MaxSlots, Math.Max(64, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)pages * 2)));
        _slots = new CacheEntry?[slots];
        _mask = slots - 1;
    }

    /// <summary>How many slots the table has.</summary>
    public int Count => _slots.Length;

    /// <summary>The resident block of tree page <paramref name="pageId"/> when its slot has it; sets the entry's reference bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong pageId, out byte[] block)
    {
        CacheEntry? entry = Volatile.Read(ref _slots[(int)pageId & _mask]);
        if (entry is not null && entry.Key.Id == pageId && entry.Key.Owner == CacheKey.TreeOwner)
        {
            byte[]? found = Volatile.Read(ref entry.Value);
            if (found is not null)
            {
                if (!entry.Referenced) entry.Referenced = true;
                block = found;
                return true;
            }
        }
        block = null!;
        return false;
    }

    /// <summary>Points the slot of a resident tree page at its entry (a colliding page loses the slot; other keys are ignored).</summary>
    public void Publish(CacheEntry entry)
    {
        if (entry.Key.Owner != CacheKey.TreeOwner) return;
        ref CacheEntry? slot = ref _slots[(int)entry.Key.Id & _mask];
        if (Volatile.Read(ref slot) != entry) Volatile.Write(ref slot, entry);
    }

    /// <summary>Empties the slot of an entry leaving residency, unless another page holds it by now.</summary>
    public void Withdraw(CacheEntry entry)
    {
        if (entry.Key.Owner != CacheKey.TreeOwner) return;
        Interlocked.CompareExchange(ref _slots[(int)entry.Key.Id & _mask], null, entry);
    }
}
