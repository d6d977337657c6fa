using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Lightning.Kv.Metrics;

namespace Lightning.Kv.Cache;

/// <summary>
/// One shard of the <see cref="PageCache"/>: CAR (Clock with Adaptive Replacement, Bansal and Modha 2004), the
/// clock form of ARC (Megiddo and Modha 2003), budgeted in bytes. T1 and T2 are clocks of resident blocks, B1 and
/// B2 remember the keys (and sizes) of blocks recently evicted from them, and the target p splits the budget
/// between T1 and T2: a ghost hit in B1 says T1 was too small and raises p, a ghost hit in B2 lowers it.
/// <para>
/// A hit only sets the entry's reference bit: the lookup goes through a <see cref="ConcurrentDictionary{TKey,TValue}"/>
/// without a lock and allocates nothing. Inserts, removals and eviction take the shard's lock. When an insert
/// would overflow the budget the shard evicts a batch (down to a low-water mark <see cref="BatchDivisor"/>-th of
/// the budget below it) in one pass, so a stream of misses takes the eviction path once per batch, not per insert.
/// Room is made before a block is linked in, so the resident bytes never exceed the budget.
/// </para>
/// </summary>
internal sealed class ArcShard
{
    /// <summary>An eviction pass frees at least capacity / BatchDivisor bytes.</summary>
    public const int BatchDivisor = 32;

    private readonly ConcurrentDictionary<CacheKey, CacheEntry> _entries;
    private readonly CacheEntryList _t1 = new(ArcListKind.T1);
    private readonly CacheEntryList _t2 = new(ArcListKind.T2);
    private readonly CacheEntryList _b1 = new(ArcListKind.B1);
    private readonly CacheEntryList _b2 = new(ArcListKind.B2);
    private readonly Lock _lock = new();
    private readonly long _capacity;
    private readonly long _batchBytes;
    private long _target; // ARC's p, in bytes
    private long _residentBytes;
    // Striped: every lookup counts, from every reader thread, and one shared counter per shard bounced its cache
    // line (and the shard fields beside it) between cores.
    private readonly StripedCounter _hits = new();
    private readonly StripedCounter _misses = new();
    private long _evictions;
    private long _evictionPasses;
    private readonly TreePageSlots? _treeSlots;

    /// <summary>Creates a shard that holds at most <paramref name="capacityBytes"/> bytes of blocks.</summary>
    /// <param name="capacityBytes">The shard's byte budget.</param>
    /// <param name="expectedEntries">How many entries to size the dictionary for (residents and ghosts).</param>
    /// <param name="treeSlots">The cache's direct-mapped tree-page table, kept in step with this shard's residents.</param>
    public ArcShard(long capacityBytes, int expectedEntries, TreePageSlots? treeSlots = null)
    {
        _treeSlots = treeSlots;
        _capacity = Math.Max(0, capacityBytes);
        _batchBytes = _capacity / BatchDivisor;
        // Writers are serialized by the shard's lock, so the dictionary needs a single lock of its own.
        _entries = new ConcurrentDictionary<CacheKey, CacheEntry>(1, Math.Max(16, expectedEntries));
    }

    /// <summary>The byte budget.</summary>
    public long CapacityBytes => _capacity;

    /// <summary>Bytes of resident blocks.</summary>
    public long BytesInUse => Volatile.Read(ref _residentBytes);

    /// <summary>Lookups that found a resident block.</summary>
    public long Hits => _hits.Read();

    /// <summary>Lookups that did not.</summary>
    public long Misses => _misses.Read();

    /// <summary>Blocks evicted to make room (not counting explicit removals).</summary>
    public long Evictions => Volatile.Read(ref _evictions);

    /// <summary>Times an insert had to run the eviction loop.</summary>
    public long EvictionPasses => Volatile.Read(ref _evictionPasses);

    /// <summary>Looks <paramref name="key"/> up without taking the lock; a hit sets the reference bit.</summary>
    public bool TryGet(in CacheKey key, out byte[] value)
    {
        if (_entries.TryGetValue(key, out CacheEntry? entry))
        {
            // Read once: eviction may null it right after, and the block we got stays valid for the caller.
            byte[]? found = Volatile.Read(ref entry.Value);
            if (found is not null)
            {
                // Test first: a hot block's bit is usually set already, and a write would bounce its cache line.
                if (!entry.Referenced) entry.Referenced = true;
                _hits.Increment();
                value = found;
                return true;
            }
        }
        _misses.Increment();
        value = null!; // the engine's callers test the result; a null-annotated out would ripple into them
        return false;
    }

    /// <summary>Caches <paramref name="value"/> as the block of <paramref name="key"/>, replacing any older copy.</summary>
    public void Put(in CacheKey key, byte[] value)
    {
        if (_capacity == 0) return;
        int size = value.Length;
        lock (_lock)
        {
            _entries.TryGetValue(key, out CacheEntry? entry);
            if (size > _capacity)
            {
                // Too big to cache; an older copy must not outlive the new content.
                if (entry is not null) Forget(entry);
                return;
            }
            if (entry is null)
            {
                MakeRoom(size);
                entry = new CacheEntry(key) { Value = value, Size = size };
                Admit(entry, _t1);
                _entries[key] = entry; // published fully built
                _treeSlots?.Publish(entry);
            }
            else if (entry.List is ArcListKind.T1 or ArcListKind.T2)
            {
                // A rewrite counts as a use: the block keeps its list and gets its reference bit.
                CacheEntryList list = entry.List == ArcListKind.T1 ? _t1 : _t2;
                list.Remove(entry);
                _residentBytes -= entry.Size;
                MakeRoom(size);
                entry.Size = size;
                entry.Referenced = true;
                Volatile.Write(ref entry.Value, value);
                Admit(entry, list);
                _treeSlots?.Publish(entry);
            }
            else
            {
                // A ghost hit: the block was evicted too early. Adapt the target, then admit it as frequent.
                AdaptTarget(entry);
                (entry.List == ArcListKind.B1 ? _b1 : _b2).Remove(entry);
                MakeRoom(size);
                entry.Size = size;
                entry.Referenced = false;
                Volatile.Write(ref entry.Value, value);
                Admit(entry, _t2);
                _treeSlots?.Publish(entry);
            }
            TrimGhosts();
        }
    }

    /// <summary>Drops <paramref name="key"/> (resident or ghost); true when it was resident.</summary>
    public bool Remove(in CacheKey key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out CacheEntry? entry)) return false;
            bool resident = entry.List is ArcListKind.T1 or ArcListKind.T2;
            Forget(entry);
            return resident;
        }
    }

    /// <summary>Drops every entry (resident or ghost) of <paramref name="owner"/>; returns the resident bytes freed.</summary>
    public long RemoveOwner(ulong owner)
    {
        lock (_lock)
        {
            long freed = _residentBytes;
            RemoveOwnerFrom(_t1, owner);
            RemoveOwnerFrom(_t2, owner);
            RemoveOwnerFrom(_b1, owner);
            RemoveOwnerFrom(_b2, owner);
            return freed - _residentBytes;
        }
    }

    /// <summary>The list sizes and target, read consistently under the lock.</summary>
    public ArcListSizes Sizes()
    {
        lock (_lock)
        {
            return new ArcListSizes(_t1.Count, _t1.Bytes, _t2.Count, _t2.Bytes,
                _b1.Count, _b1.Bytes, _b2.Count, _b2.Bytes, _target);
        }
    }

    private void Admit(CacheEntry entry, CacheEntryList list)
    {
        list.AddTail(entry);
        _residentBytes += entry.Size;
    }

    /// <summary>
    /// Makes room for <paramref name="incoming"/> bytes. Once eviction is needed it goes on until the residents
    /// are down to the low-water mark (a batch below the budget) and the newcomer fits, so the next inserts
    /// find room without evicting.
    /// </summary>
    private void MakeRoom(int incoming)
    {
        if (_residentBytes + incoming <= _capacity) return;
        _evictionPasses++;
        long lowWater = _capacity - _batchBytes;
        // Readers may keep setting reference bits while we sweep; this bounds the second chances we grant.
        long secondChances = 2L * (_t1.Count + _t2.Count) + 2;
        while (_t1.Count + _t2.Count > 0 && (_residentBytes > lowWater || _residentBytes + incoming > _capacity))
            EvictOne(ref secondChances);
    }

    /// <summary>CAR's replace: sweeps the clock that is over its share and evicts its first unreferenced block.</summary>
    private void EvictOne(ref long secondChances)
    {
        while (true)
        {
            bool fromT1 = _t1.Count > 0 && (_t1.Bytes >= Math.Max(1, _target) || _t2.Count == 0);
            if (fromT1)
            {
                CacheEntry entry = _t1.Head!;
                if (TakeReference(entry) && secondChances-- > 0)
                {
                    // Seen again while on T1: it has proven frequent, so it moves to T2.
                    entry.Referenced = false;
                    _t1.Remove(entry);
                    _t2.AddTail(entry);
                    continue;
                }
                Demote(entry, _t1, _b1);
                return;
            }
            CacheEntry candidate = _t2.Head!;
            if (TakeReference(candidate) && secondChances-- > 0)
            {
                candidate.Referenced = false;
                _t2.Advance();
                continue;
            }
            Demote(candidate, _t2, _b2);
            return;
        }
    }

    /// <summary>Whether the block was hit since the clock last passed, through the dictionary (the entry's bit) or its tree slot.</summary>
    private bool TakeReference(CacheEntry entry)
    {
        bool viaSlot = _treeSlots is not null && _treeSlots.TakeReference(entry);
        return entry.Referenced | viaSlot;
    }

    /// <summary>Turns a resident entry into a ghost: its block is let go (readers holding it keep a valid copy).</summary>
    private void Demote(CacheEntry entry, CacheEntryList from, CacheEntryList ghosts)
    {
        from.Remove(entry);
        _residentBytes -= entry.Size;
        _treeSlots?.Withdraw(entry.Key, entry.Value);
        Volatile.Write(ref entry.Value, null);
        entry.Referenced = false;
        ghosts.AddTail(entry);
        _evictions++;
    }

    /// <summary>
    /// ARC's adaptation, in bytes: a B1 hit grows T1's target by the ghost's size times max(1, |B2|/|B1|), a B2
    /// hit shrinks it by the size times max(1, |B1|/|B2|) — the rarer ghost list's hits weigh more.
    /// </summary>
    private void AdaptTarget(CacheEntry ghost)
    {
        long size = Math.Max(1, ghost.Size);
        if (ghost.List == ArcListKind.B1)
            _target = Math.Min(_capacity, _target + Scaled(size, _b2.Bytes / Math.Max(1, _b1.Bytes)));
        else
            _target = Math.Max(0, _target - Scaled(size, _b1.Bytes / Math.Max(1, _b2.Bytes)));
    }

    private long Scaled(long size, long ratio) => ratio <= 1 ? size : ratio > _capacity / size ? _capacity : size * ratio;

    /// <summary>
    /// Keeps the directory ARC-sized: T1 + B1 within the budget and everything remembered within twice the budget,
    /// dropping the oldest ghosts. This is what bounds the ghosts' memory.
    /// </summary>
    private void TrimGhosts()
    {
        while (_b1.Count > 0 && _t1.Bytes + _b1.Bytes > _capacity) Forget(_b1.Head!);
        while (_b1.Count + _b2.Count > 0 && _residentBytes + _b1.Bytes + _b2.Bytes > 2 * _capacity)
            Forget(_b2.Count > 0 ? _b2.Head! : _b1.Head!);
    }

    private void RemoveOwnerFrom(CacheEntryList list, ulong owner)
    {
        int remaining = list.Count;
        CacheEntry? entry = list.Head;
        while (remaining-- > 0)
        {
            CacheEntry next = entry!.Next!;
            if (entry.Key.Owner == owner) Forget(entry);
            entry = next;
        }
    }

    /// <summary>Removes an entry from its list and from the dictionary.</summary>
    private void Forget(CacheEntry entry)
    {
        switch (entry.List)
        {
            case ArcListKind.T1: _t1.Remove(entry); _residentBytes -= entry.Size; break;
            case ArcListKind.T2: _t2.Remove(entry); _residentBytes -= entry.Size; break;
            case ArcListKind.B1: _b1.Remove(entry); break;
            case ArcListKind.B2: _b2.Remove(entry); break;
        }
        _treeSlots?.Withdraw(entry.Key, entry.Value);
        Volatile.Write(ref entry.Value, null);
        _entries.TryRemove(new KeyValuePair<CacheKey, CacheEntry>(entry.Key, entry));
    }

    /// <summary>Adds every resident block to <paramref name="into"/> (tests compare them with a model).</summary>
    internal void CopyResidentTo(List<KeyValuePair<CacheKey, byte[]>> into)
    {
        lock (_lock)
        {
            foreach (KeyValuePair<CacheKey, CacheEntry> pair in _entries)
            {
                byte[]? value = pair.Value.Value;
                if (value is not null) into.Add(new KeyValuePair<CacheKey, byte[]>(pair.Key, value));
            }
        }
    }

    /// <summary>Checks the bookkeeping against the lists and the dictionary; throws when they disagree (tests).</summary>
    internal void CheckInvariants()
    {
        lock (_lock)
        {
            long entries = CheckList(_t1, resident: true) + CheckList(_t2, resident: true)
                + CheckList(_b1, resident: false) + CheckList(_b2, resident: false);
            if (entries != _entries.Count) Fail($"the lists hold {entries} entries, the dictionary {_entries.Count}");
            if (_residentBytes != _t1.Bytes + _t2.Bytes) Fail($"resident bytes {_residentBytes} != T1 {_t1.Bytes} + T2 {_t2.Bytes}");
            if (_residentBytes > _capacity) Fail($"resident bytes {_residentBytes} exceed the budget {_capacity}");
            if (_target < 0 || _target > _capacity) Fail($"target {_target} outside [0, {_capacity}]");
            if (_b1.Count > 0 && _t1.Bytes + _b1.Bytes > _capacity) Fail("T1 + B1 exceed the budget");
            if (_residentBytes + _b1.Bytes + _b2.Bytes > 2 * _capacity) Fail("the directory exceeds twice the budget");
        }
    }

    private long CheckList(CacheEntryList list, bool resident)
    {
        long count = 0, bytes = 0;
        CacheEntry? entry = list.Head;
        for (int i = 0; i < list.Count; i++)
        {
            if (entry!.List != list.Kind) Fail($"{entry.Key} is on {list.Kind} but tagged {entry.List}");
            if ((entry.Value is not null) != resident) Fail($"{entry.Key} on {list.Kind} has the wrong residency");
            if (resident && entry.Value!.Length != entry.Size) Fail($"{entry.Key} charged {entry.Size} for {entry.Value.Length} bytes");
            if (!_entries.TryGetValue(entry.Key, out CacheEntry? mapped) || mapped != entry) Fail($"{entry.Key} is not in the dictionary");
            if (entry.Next!.Previous != entry) Fail($"{list.Kind} links are broken at {entry.Key}");
            count++;
            bytes += entry.Size;
            entry = entry.Next;
        }
        if (entry != list.Head) Fail($"{list.Kind} does not close its circle after {list.Count} entries");
        if (bytes != list.Bytes) Fail($"{list.Kind} counts {list.Bytes} bytes, its entries {bytes}");
        return count;
    }

    [DoesNotReturn]
    private static void Fail(string message) => throw new InvalidOperationException("Cache invariant broken: " + message);
}
