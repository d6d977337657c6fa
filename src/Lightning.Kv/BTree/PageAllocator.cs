using System.Buffers.Binary;

namespace Lightning.Kv.BTree;

/// <summary>
/// Hands out page ids for a tree transaction and takes back the pages it replaced. A page freed by
/// transaction F is reused only by a later transaction, and only once no pinned snapshot reads a tree
/// older than F — so neither a live reader nor the previous meta page (the crash fallback) can reach it.
/// The free list is persisted as a chain of free-list pages referenced from the meta page.
/// </summary>
internal sealed class PageAllocator
{
    private readonly List<ulong> _free = new();
    private readonly List<(ulong FreedBy, ulong Page)> _pending = new();
    private List<ulong> _listPages = new();

    public PageAllocator(ulong pageCount) => PageCount = pageCount;

    /// <summary>Pages in the file (the next new page id).</summary>
    public ulong PageCount { get; private set; }

    public int FreeCount => _free.Count;

    public int PendingCount => _pending.Count;

    /// <summary>Everything the allocator holds, to roll back a tree transaction that failed.</summary>
    public readonly record struct State(ulong[] Free, (ulong, ulong)[] Pending, ulong[] ListPages, ulong PageCount);

    public State Save() => new(_free.ToArray(), _pending.ToArray(), _listPages.ToArray(), PageCount);

    public void Restore(State state)
    {
        _free.Clear();
        _free.AddRange(state.Free);
        _pending.Clear();
        _pending.AddRange(state.Pending);
        _listPages = new List<ulong>(state.ListPages);
        PageCount = state.PageCount;
    }

    public ulong Allocate()
    {
        if (_free.Count > 0)
        {
            ulong page = _free[^1];
            _free.RemoveAt(_free.Count - 1);
            return page;
        }
        return PageCount++;
    }

    public void Free(ulong page, ulong freedBy) => _pending.Add((freedBy, page));

    /// <summary>Makes reusable every page freed by a transaction at or before <paramref name="oldestPinnedTxn"/> and before <paramref name="nextTxn"/>.</summary>
    public void Release(ulong oldestPinnedTxn, ulong nextTxn)
    {
        int kept = 0;
        for (int i = 0; i < _pending.Count; i++)
        {
            (ulong freedBy, ulong page) = _pending[i];
            if (freedBy <= oldestPinnedTxn && freedBy < nextTxn) _free.Add(page);
            else _pending[kept++] = _pending[i];
        }
        _pending.RemoveRange(kept, _pending.Count - kept);
    }

    /// <summary>Loads the persisted list; after a restart nothing is pinned, so every listed page is free.</summary>
    public void Load(PageFile file, ulong firstListPage)
    {
        var seen = new HashSet<ulong>();
        ulong current = firstListPage;
        while (current != 0)
        {
            if (!seen.Add(current) || current >= PageCount)
                Throw.Corrupt(file.Path, (long)current * file.PageSize, "the free list loops or points past the end of the file");
            byte[] page = file.Read(current, PageType.FreeList);
            int count = PageFormat.CountOf(page);
            for (int i = 0; i < count; i++)
            {
                ulong id = BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(PageFormat.HeaderSize + i * 8));
                if (id < TreeMeta.FirstDataPage || id >= PageCount)
                    Throw.Corrupt(file.Path, (long)current * file.PageSize, $"free list names page {id}, outside the file");
                _free.Add(id);
            }
            _listPages.Add(current);
            current = PageFormat.LinkOf(page);
        }
    }

    /// <summary>
    /// Writes the free list (free and pending pages alike: after a crash nothing is pinned) for transaction
    /// <paramref name="txnId"/> and returns its first page. The previous list's pages are freed by this transaction.
    /// </summary>
    public ulong Persist(PageFile file, ulong txnId)
    {
        foreach (ulong old in _listPages) Free(old, txnId);
        _listPages = new List<ulong>();
        int perPage = (file.PageSize - PageFormat.HeaderSize) / 8;
        // Allocating list pages shrinks the free list, so settle the page count first.
        int needed = 0;
        while (needed * perPage < _free.Count + _pending.Count - Math.Min(needed, _free.Count)) needed++;
        for (int i = 0; i < needed; i++) _listPages.Add(Allocate());
        if (needed == 0) return 0;

        int total = _free.Count + _pending.Count;
        int written = 0;
        for (int p = 0; p < _listPages.Count; p++)
        {
            byte[] page = new byte[file.PageSize];
            int count = Math.Min(perPage, total - written);
            for (int i = 0; i < count; i++, written++)
            {
                ulong id = written < _free.Count ? _free[written] : _pending[written - _free.Count].Page;
                BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(PageFormat.HeaderSize + i * 8), id);
            }
            ulong next = p + 1 < _listPages.Count ? _listPages[p + 1] : 0;
            PageFormat.WriteHeader(page, PageType.FreeList, count, _listPages[p], txnId, next);
            file.Write(_listPages[p], page);
        }
        return _listPages[0];
    }
}
