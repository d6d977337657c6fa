using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>
/// Walks a tree from disk (bypassing the cache) and checks everything it can: checksums, page types, key order
/// within and across pages against the separators, key prefixes against their keys, uniform leaf depth, overflow
/// chains, the entry count, and that every page of the file is accounted for exactly once — reachable, free, pending or holding the free list.
/// </summary>
internal sealed class TreeVerifier
{
    private const int MaxProblems = 100;
    private readonly PageFile _file;
    private readonly List<string> _problems = new();
    private readonly Dictionary<ulong, string> _owner = new();
    private long _entries;

    public TreeVerifier(PageFile file) => _file = file;

    public long PagesChecked { get; private set; }

    public List<string> Problems => _problems;

    public long Entries => _entries;

    public void Verify(TreeRoot root, PageAllocator.State allocator)
    {
        if (!root.IsEmpty) VisitNode(root.RootPageId, root.Height, null, null);
        if (_entries != root.EntryCount) Report($"the tree holds {_entries} entries but its meta page says {root.EntryCount}");
        foreach (ulong page in allocator.Free) Claim(page, "free", allocator.PageCount);
        foreach ((ulong _, ulong page) in allocator.Pending) Claim(page, "pending", allocator.PageCount);
        foreach (ulong page in allocator.ListPages)
        {
            Claim(page, "a free-list page", allocator.PageCount);
            Guard(() => _file.ReadUncached(page, PageType.FreeList));
        }
        for (ulong page = TreeMeta.FirstDataPage; page < allocator.PageCount; page++)
            if (!_owner.ContainsKey(page)) Report($"page {page} is leaked: neither reachable nor free");
    }

    private void VisitNode(ulong pageId, int height, byte[]? low, byte[]? high)
    {
        if (!Claim(pageId, height == 1 ? "a leaf" : "an internal page", ulong.MaxValue)) return;
        byte[]? page = Guard(() => _file.ReadUncached(pageId, height == 1 ? PageType.Leaf : PageType.Internal));
        if (page is null) return;
        PagesChecked++;
        if (height == 1)
        {
            VisitLeaf(pageId, page, low, high);
            return;
        }
        int separators = InternalPage.SeparatorCount(page);
        byte[]? previous = low;
        for (int c = 0; c <= separators; c++)
        {
            byte[]? next = c < separators ? InternalPage.Separator(page, c).ToArray() : high;
            if (c < separators && !InOrder(previous, next, strict: c > 0 || low is not null, high))
                Report($"internal page {pageId}: separator {c} is out of order");
            if (c < separators && !PrefixMatches(page, c, InternalPage.Separator(page, 0), next))
                Report($"internal page {pageId}: the key prefix of separator {c} does not match the separator");
            VisitNode(InternalPage.Child(page, c), height - 1, c == 0 ? low : previous, next);
            previous = next;
        }
    }

    private void VisitLeaf(ulong pageId, byte[] leaf, byte[]? low, byte[]? high)
    {
        int count = LeafPage.Count(leaf);
        if (count == 0) Report($"leaf {pageId} is empty");
        ReadOnlySpan<byte> previous = default;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> key = LeafPage.Key(leaf, i);
            if (key.Length == 0) Report($"leaf {pageId}: entry {i} has an empty key");
            if (!PrefixMatches(leaf, i, LeafPage.Key(leaf, 0), key)) Report($"leaf {pageId}: the key prefix of entry {i} does not match its key");
            if (i > 0 && previous.SequenceCompareTo(key) >= 0) Report($"leaf {pageId}: entry {i} is not above entry {i - 1}");
            if ((low is not null && key.SequenceCompareTo(low) < 0) || (high is not null && key.SequenceCompareTo(high) >= 0))
                Report($"leaf {pageId}: entry {i} lies outside the range its parent gives the page");
            if (LeafPage.IsOverflow(leaf, i)) VisitOverflow(pageId, LeafPage.OverflowPage(leaf, i), LeafPage.ValueLength(leaf, i));
            previous = key;
            _entries++;
        }
    }

    private void VisitOverflow(ulong leafId, ulong first, int valueLength)
    {
        long total = 0;
        for (ulong current = first; current != 0;)
        {
            if (!Claim(current, "an overflow page", ulong.MaxValue)) return;
            byte[]? page = Guard(() => _file.ReadUncached(current, PageType.Overflow));
            if (page is null) return;
            PagesChecked++;
            total += BitConverter.ToUInt32(page, PageFormat.HeaderSize);
            current = PageFormat.LinkOf(page);
        }
        if (total != valueLength) Report($"leaf {leafId}: overflow chain at page {first} holds {total} bytes, the entry says {valueLength}");
    }

    /// <summary>Entry <paramref name="index"/> starts with the skipped bytes of entry 0 and its stored prefix is that of the rest.</summary>
    private static bool PrefixMatches(ReadOnlySpan<byte> page, int index, ReadOnlySpan<byte> firstKey, ReadOnlySpan<byte> key)
    {
        int skip = KeyPrefixArray.SkipOf(page);
        if (skip > firstKey.Length || skip > key.Length || !key[..skip].SequenceEqual(firstKey[..skip])) return false;
        // The header's copy of the shared start is what searches compare with: it must be entry 0's, zero-padded.
        Span<byte> expected = stackalloc byte[KeyPrefixArray.InlineCommonLength];
        expected.Clear();
        firstKey[..Math.Min(skip, expected.Length)].CopyTo(expected);
        if (!page.Slice(KeyPrefixArray.CommonOffset, expected.Length).SequenceEqual(expected)) return false;
        return KeyPrefixArray.At(page, index) == KeyPrefix.Of(key[skip..]);
    }

    private static bool InOrder(byte[]? previous, byte[]? separator, bool strict, byte[]? high)
    {
        if (separator is null) return true;
        int c = previous is null ? 1 : separator.AsSpan().SequenceCompareTo(previous);
        bool aboveLow = strict ? c > 0 : c >= 0;
        return aboveLow && (high is null || separator.AsSpan().SequenceCompareTo(high) < 0);
    }

    private bool Claim(ulong pageId, string what, ulong pageCount)
    {
        if (pageId < TreeMeta.FirstDataPage || pageId >= pageCount)
        {
            Report($"{what} names page {pageId}, outside the data pages");
            return false;
        }
        if (_owner.TryAdd(pageId, what)) return true;
        Report($"page {pageId} is both {_owner[pageId]} and {what}");
        return false;
    }

    private byte[]? Guard(Func<byte[]> read)
    {
        try
        {
            return read();
        }
        catch (LightningException error)
        {
            Report(error.Message);
            return null;
        }
    }

    private void Report(string problem)
    {
        if (_problems.Count < MaxProblems) _problems.Add(problem);
    }
}
