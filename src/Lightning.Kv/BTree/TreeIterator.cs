using Lightning.Kv.Iterators;

namespace Lightning.Kv.BTree;

/// <summary>
/// Walks the tree in key order in either direction. It descends once and then moves leaf to leaf through
/// the path it keeps (one page and child index per level), so each step is O(1) amortised.
/// </summary>
internal sealed class TreeIterator : EntryIterator
{
    private readonly PageFile _file;
    private readonly TreeRoot _root;
    private readonly byte[][] _pages;
    private readonly int[] _indexes;
    private readonly int _leafLevel;
    private bool _valid;
    private byte[]? _overflowValue;

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
        byte[] leaf = _file.Read(pageId, PageType.Leaf);
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
        byte[] leaf = _file.Read(pageId, PageType.Leaf);
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
                _pages[level + 1] = _file.Read(child, toLeaf ? PageType.Leaf : PageType.Internal);
                _indexes[level + 1] = 0;
            }
            if (LeafPage.Count(_pages[_leafLevel]) > 0) return;
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
                byte[] page = _file.Read(child, toLeaf ? PageType.Leaf : PageType.Internal);
                _pages[level + 1] = page;
                _indexes[level + 1] = toLeaf ? LeafPage.Count(page) - 1 : InternalPage.SeparatorCount(page);
            }
            if (_indexes[_leafLevel] >= 0) return;
        }
    }
}
