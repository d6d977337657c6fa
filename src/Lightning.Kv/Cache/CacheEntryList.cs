namespace Lightning.Kv.Cache;

/// <summary>
/// A circular, doubly linked list of <see cref="CacheEntry"/> threaded through the entries themselves (no node
/// allocations), with its entry count and byte total. For the resident lists T1 and T2 the head is the clock
/// hand and the tail is just behind it; for the ghost lists B1 and B2 the head is the least recently evicted.
/// Not thread-safe: the shard's lock guards it.
/// </summary>
internal sealed class CacheEntryList(ArcListKind kind)
{
    /// <summary>Which list this is; entries on it carry the same tag.</summary>
    public ArcListKind Kind { get; } = kind;

    /// <summary>The clock hand (T1, T2) or the oldest ghost (B1, B2); null when empty.</summary>
    public CacheEntry? Head { get; private set; }

    /// <summary>Entries on the list.</summary>
    public int Count { get; private set; }

    /// <summary>Sum of the entries' <see cref="CacheEntry.Size"/>.</summary>
    public long Bytes { get; private set; }

    /// <summary>Links <paramref name="entry"/> in just behind the head: the newest position.</summary>
    public void AddTail(CacheEntry entry)
    {
        if (Head is null)
        {
            entry.Previous = entry;
            entry.Next = entry;
            Head = entry;
        }
        else
        {
            CacheEntry tail = Head.Previous!;
            entry.Previous = tail;
            entry.Next = Head;
            tail.Next = entry;
            Head.Previous = entry;
        }
        entry.List = Kind;
        Count++;
        Bytes += entry.Size;
    }

    /// <summary>Unlinks <paramref name="entry"/>, which must be on this list.</summary>
    public void Remove(CacheEntry entry)
    {
        if (entry.Next == entry)
        {
            Head = null;
        }
        else
        {
            entry.Previous!.Next = entry.Next;
            entry.Next!.Previous = entry.Previous;
            if (Head == entry) Head = entry.Next;
        }
        entry.Previous = null;
        entry.Next = null;
        entry.List = ArcListKind.None;
        Count--;
        Bytes -= entry.Size;
    }

    /// <summary>Moves the hand one step: the head becomes the tail without unlinking anything.</summary>
    public void Advance()
    {
        if (Head is not null) Head = Head.Next;
    }
}
