using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>
/// Applies a sorted run of updates to the tree copy-on-write: every page on a path to a changed key is
/// rewritten to a new page id, untouched subtrees are shared with the previous root, and the replaced pages
/// are freed as of this transaction. Nothing reachable from the old root is modified, so the old root stays
/// valid for pinned snapshots and as the crash fallback until the new meta page is durable.
/// </summary>
internal sealed class TreeWriter
{
    private readonly PageFile _file;
    private readonly PageAllocator _allocator;
    private readonly ulong _txnId;
    private readonly PageBuilder _builder;
    private readonly int _overflowThreshold;

    public TreeWriter(PageFile file, PageAllocator allocator, ulong txnId)
    {
        _file = file;
        _allocator = allocator;
        _txnId = txnId;
        _builder = new PageBuilder(file.PageSize);
        _overflowThreshold = file.PageSize / 4;
    }

    /// <summary>Net change in the number of keys.</summary>
    public long EntryDelta { get; private set; }

    private readonly record struct ChildRef(byte[]? LowKey, ulong Page);

    /// <summary>Applies <paramref name="updates"/> (sorted by key, one per key) and returns the new root and height.</summary>
    public (ulong Root, int Height) Apply(ulong root, int height, IReadOnlyList<TreeUpdate> updates)
    {
        if (updates.Count == 0) return (root, height);
        List<ChildRef> level;
        if (root == 0)
        {
            level = MergeLeaf(null, updates, 0, updates.Count);
            height = 1;
        }
        else
        {
            level = MergeNode(root, height, updates, 0, updates.Count);
        }
        while (level.Count > 1)
        {
            level = BuildInternalPages(level);
            height++;
        }
        if (level.Count == 0) return (0, 0);
        ulong newRoot = level[0].Page;
        // A root with a single child adds a level for nothing: collapse it.
        while (height > 1)
        {
            byte[] page = _file.Read(newRoot, PageType.Internal);
            if (InternalPage.SeparatorCount(page) > 0) break;
            _allocator.Free(newRoot, _txnId);
            newRoot = InternalPage.Child(page, 0);
            height--;
        }
        return (newRoot, height);
    }

    private List<ChildRef> MergeNode(ulong pageId, int height, IReadOnlyList<TreeUpdate> updates, int from, int to)
    {
        if (height == 1)
        {
            byte[] leaf = _file.Read(pageId, PageType.Leaf);
            _allocator.Free(pageId, _txnId);
            return MergeLeaf(leaf, updates, from, to);
        }

        byte[] page = _file.Read(pageId, PageType.Internal);
        _allocator.Free(pageId, _txnId);
        int separators = InternalPage.SeparatorCount(page);
        var children = new List<ChildRef>(separators + 2);
        int next = from;
        for (int c = 0; c <= separators; c++)
        {
            byte[]? lowKey = c == 0 ? null : InternalPage.Separator(page, c - 1).ToArray();
            ulong child = InternalPage.Child(page, c);
            int end = c < separators ? FirstAtOrAbove(updates, next, to, InternalPage.Separator(page, c)) : to;
            if (end == next)
            {
                children.Add(new ChildRef(lowKey, child));
                continue;
            }
            List<ChildRef> replaced = MergeNode(child, height - 1, updates, next, end);
            next = end;
            for (int k = 0; k < replaced.Count; k++)
                children.Add(k == 0 ? new ChildRef(lowKey, replaced[0].Page) : replaced[k]);
        }
        return children.Count == 0 ? children : BuildInternalPages(children);
    }

    private List<ChildRef> MergeLeaf(byte[]? leaf, IReadOnlyList<TreeUpdate> updates, int from, int to)
    {
        var result = new List<ChildRef>();
        byte[]? firstKey = null;
        int existingCount = leaf is null ? 0 : LeafPage.Count(leaf);
        int i = 0, j = from;
        while (i < existingCount || j < to)
        {
            int c = i >= existingCount ? 1 : j >= to ? -1 : LeafPage.Key(leaf, i).SequenceCompareTo(updates[j].Key.Span);
            if (c < 0)
            {
                AddExisting(leaf!, i, result, ref firstKey);
                i++;
                continue;
            }
            TreeUpdate update = updates[j];
            if (c == 0)
            {
                if (LeafPage.IsOverflow(leaf!, i)) OverflowChain.Free(_file, _allocator, LeafPage.OverflowPage(leaf!, i), _txnId);
                if (update.Kind == EntryKind.Delete) EntryDelta--;
                i++;
            }
            else if (update.Kind == EntryKind.Put)
            {
                EntryDelta++;
            }
            if (update.Kind == EntryKind.Put) AddNew(update, result, ref firstKey);
            j++;
        }
        FinishLeaf(result, ref firstKey);
        return result;
    }

    private void AddExisting(byte[] leaf, int index, List<ChildRef> result, ref byte[]? firstKey)
    {
        ReadOnlySpan<byte> key = LeafPage.Key(leaf, index);
        bool overflow = LeafPage.IsOverflow(leaf, index);
        int valueLength = LeafPage.ValueLength(leaf, index);
        ReadOnlySpan<byte> inline = overflow ? default : LeafPage.InlineValue(leaf, index);
        PrepareLeafRoom(LeafPage.EntrySize(key.Length, overflow ? 8 : valueLength), key, result, ref firstKey);
        _builder.AddLeafEntry(key, overflow, valueLength, inline, overflow ? LeafPage.OverflowPage(leaf, index) : 0);
    }

    private void AddNew(TreeUpdate update, List<ChildRef> result, ref byte[]? firstKey)
    {
        ReadOnlySpan<byte> key = update.Key.Span;
        ReadOnlySpan<byte> value = update.Value.Span;
        bool overflow = value.Length > _overflowThreshold;
        PrepareLeafRoom(LeafPage.EntrySize(key.Length, overflow ? 8 : value.Length), key, result, ref firstKey);
        ulong chain = overflow ? OverflowChain.Write(_file, _allocator, _txnId, value) : 0;
        _builder.AddLeafEntry(key, overflow, value.Length, overflow ? default : value, chain);
    }

    private void PrepareLeafRoom(int entrySize, ReadOnlySpan<byte> key, List<ChildRef> result, ref byte[]? firstKey)
    {
        if (_builder.Count > 0 && !_builder.Fits(entrySize)) FinishLeaf(result, ref firstKey);
        firstKey ??= key.ToArray();
    }

    private void FinishLeaf(List<ChildRef> result, ref byte[]? firstKey)
    {
        if (_builder.Count == 0) return;
        ulong id = _allocator.Allocate();
        _file.Write(id, _builder.Finish(PageType.Leaf, id, _txnId, 0));
        result.Add(new ChildRef(firstKey, id));
        firstKey = null;
    }

    /// <summary>Packs child references into internal pages; the first child of each page is its link.</summary>
    private List<ChildRef> BuildInternalPages(List<ChildRef> children)
    {
        var pages = new List<ChildRef>();
        ChildRef first = children[0];
        for (int k = 1; k < children.Count; k++)
        {
            byte[] key = children[k].LowKey!;
            if (!_builder.Fits(InternalPage.EntrySize(key.Length)))
            {
                pages.Add(FinishInternal(first));
                first = children[k];
                continue;
            }
            _builder.AddSeparator(key, children[k].Page);
        }
        pages.Add(FinishInternal(first));
        return pages;
    }

    private ChildRef FinishInternal(ChildRef first)
    {
        ulong id = _allocator.Allocate();
        _file.Write(id, _builder.Finish(PageType.Internal, id, _txnId, first.Page));
        return new ChildRef(first.LowKey, id);
    }

    /// <summary>First index in [from, to) whose key is &gt;= <paramref name="key"/>.</summary>
    private static int FirstAtOrAbove(IReadOnlyList<TreeUpdate> updates, int from, int to, ReadOnlySpan<byte> key)
    {
        while (from < to)
        {
            int mid = (int)((uint)(from + to) >> 1);
            if (updates[mid].Key.Span.SequenceCompareTo(key) < 0) from = mid + 1;
            else to = mid;
        }
        return from;
    }
}
