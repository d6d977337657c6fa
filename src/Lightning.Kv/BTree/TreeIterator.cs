using Lightning.Kv.Iterators;

namespace Lightning.Kv.BTree;

/// <summary>
/// Walks the tree in key order in either direction. It descends once and then moves leaf to leaf through
/// the path it keeps (one page and child index per level), so each step is O(1) amortised.
/// </summary>
/// <remarks>
/// Read-ahead (<see cref="PageFile.PrefetchEnabled"/>): once a leaf read has missed the cache, every leaf the cursor
/// steps into asks the page file to prefetch the next <see cref="ReadAheadLeaves"/> leaves in the scan's direction,
/// whose ids the parent page on the path already holds. A seek alone prefetches nothing (a short range that stays in
/// one leaf must not cost eight reads), and a scan over cached pages never misses, so it never prefetches.
/// </remarks>
internal sealed class TreeIterator : EntryIterator
{
    /// <summary>How many leaves ahead of the cursor are requested.</summary>
    public const int ReadAheadLeaves = 8;

    private readonly PageFile _file;
    private readonly TreeRoot _root;
    private readonly byte[][] _pages;
    private readonly int[] _indexes;
    private readonly int _leafLevel;
    private bool _valid;
    private byte[]? _overflowValue;
    private bool _readAhead;
    private byte[]? _readAheadParent;
    private bool _readAheadForward;
    private int _readAheadThrough;

    public TreeIterator(PageFile file, TreeRoot root)
    {
        _file = file;
        _root = root;
        _pages = new byte[Math.Max(root.Height, 1)][];
        _indexes = new int[_pages.Length];
        _leafLevel = _pages.Length - 1;
    }

    public override bool Valid => _valid;

    public override ReadOnlySpan<byte> Key => LeafPage.Key(_pages[_leafLevel], _indexes[_leafLevel]);

    public override bool IsDeleted => false;

    public override ReadOnlySpan<byte> Value
    {
        get
        {
            byte[] leaf = _pages[_leafLevel];
            int index = _indexes[_leafLevel];
            if (!LeafPage.IsOverflow(leaf, index)) return LeafPage.InlineValue(leaf, index);
            return _overflowValue ??= TreeReader.ReadValue(_file, leaf, index);
        }
    }

    public override void SeekForward(byte[]? from)
    {
        _overflowValue = null;
        _valid = false;
        if (_root.IsEmpty) return;
        ulong pageId = _root.RootPageId;
        for (int level = 0; level < _leafLevel; level++)
        {
            byte[] page = _file.Read(pageId, PageType.Internal);
            int child = from is null ? 0 : InternalPage.ChildIndexFor(page, from);
            _pages[level] = page;
            _indexes[level] = child;
            pageId = InternalPage.Child(page, child);
        }
        byte[] leaf = ReadLeaf(pageId);
        _pages[_leafLevel] = leaf;
        _indexes[_leafLevel] = from is null ? 0 : LeafPage.LowerBound(leaf, from, out _);
        _valid = true;
        if (_indexes[_leafLevel] >= LeafPage.Count(leaf)) StepToNextLeaf();
    }

    public override void SeekBackward(byte[]? before)
    {
        _overflowValue = null;
        _valid = false;
        if (_root.IsEmpty) return;
        ulong pageId = _root.RootPageId;
        for (int level = 0; level < _leafLevel; level++)
        {
            byte[] page = _file.Read(pageId, PageType.Internal);
            int child = before is null ? InternalPage.SeparatorCount(page) : InternalPage.ChildIndexFor(page, before);
            _pages[level] = page;
            _indexes[level] = child;
            pageId = InternalPage.Child(page, child);
        }
        byte[] leaf = ReadLeaf(pageId);
        _pages[_leafLevel] = leaf;
        _indexes[_leafLevel] = (before is null ? LeafPage.Count(leaf) : LeafPage.LowerBound(leaf, before, out _)) - 1;
        _valid = true;
        if (_indexes[_leafLevel] < 0) StepToPreviousLeaf();
    }

    public override void Next()
    {
        _overflowValue = null;
        if (++_indexes[_leafLevel] >= LeafPage.Count(_pages[_leafLevel])) StepToNextLeaf();
    }

    public override void Previous()
    {
        _overflowValue = null;
        if (--_indexes[_leafLevel] < 0) StepToPreviousLeaf();
    }

    private void StepToNextLeaf()
    {
        while (true)
        {
            int level = _leafLevel - 1;
            while (level >= 0 && _indexes[level] >= InternalPage.SeparatorCount(_pages[level])) level--;
            if (level < 0)
            {
                _valid = false;
                return;
            }
            _indexes[level]++;
            for (; level < _leafLevel; level++)
            {
                ulong child = InternalPage.Child(_pages[level], _indexes[level]);
                bool toLeaf = level + 1 == _leafLevel;
                _pages[level + 1] = toLeaf ? ReadLeaf(child) : _file.Read(child, PageType.Internal);
                _indexes[level + 1] = 0;
            }
            if (LeafPage.Count(_pages[_leafLevel]) > 0)
            {
                ReadAhead(forward: true);
                return;
            }
        }
    }

    private void StepToPreviousLeaf()
    {
        while (true)
        {
            int level = _leafLevel - 1;
            while (level >= 0 && _indexes[level] == 0) level--;
            if (level < 0)
            {
                _valid = false;
                return;
            }
            _indexes[level]--;
            for (; level < _leafLevel; level++)
            {
                ulong child = InternalPage.Child(_pages[level], _indexes[level]);
                bool toLeaf = level + 1 == _leafLevel;
                byte[] page = toLeaf ? ReadLeaf(child) : _file.Read(child, PageType.Internal);
                _pages[level + 1] = page;
                _indexes[level + 1] = toLeaf ? LeafPage.Count(page) - 1 : InternalPage.SeparatorCount(page);
            }
            if (_indexes[_leafLevel] >= 0)
            {
                ReadAhead(forward: false);
                return;
            }
        }
    }

    /// <summary>Reads a leaf; the first one that misses the cache switches read-ahead on for this iterator.</summary>
    private byte[] ReadLeaf(ulong pageId)
    {
        if (_readAhead || !_file.PrefetchEnabled) return _file.Read(pageId, PageType.Leaf);
        // Asked of this read itself: summing the cache's shard counters around it cost two passes over every
        // shard (other cores' cache lines) per leaf of every short scan.
        byte[] leaf = _file.Read(pageId, PageType.Leaf, out bool missed);
        if (missed) _readAhead = true;
        return leaf;
    }

    /// <summary>
    /// Requests the leaves after (or before) the current one that the parent page names, each once: the window
    /// slides one leaf per step, so a step adds at most one request.
    /// </summary>
    private void ReadAhead(bool forward)
    {
        if (!_readAhead || _leafLevel == 0 || !_file.PrefetchEnabled) return;
        byte[] parent = _pages[_leafLevel - 1];
        int at = _indexes[_leafLevel - 1];
        if (!ReferenceEquals(parent, _readAheadParent) || forward != _readAheadForward)
        {
            _readAheadParent = parent;
            _readAheadForward = forward;
            _readAheadThrough = at;
        }
        if (forward)
        {
            int last = Math.Min(at + ReadAheadLeaves, InternalPage.SeparatorCount(parent));
            for (int child = Math.Max(_readAheadThrough, at) + 1; child <= last; child++) _file.Prefetch(InternalPage.Child(parent, child));
            _readAheadThrough = Math.Max(_readAheadThrough, last);
        }
        else
        {
            int last = Math.Max(at - ReadAheadLeaves, 0);
            for (int child = Math.Min(_readAheadThrough, at) - 1; child >= last; child--) _file.Prefetch(InternalPage.Child(parent, child));
            _readAheadThrough = Math.Min(_readAheadThrough, last);
        }
    }
}
