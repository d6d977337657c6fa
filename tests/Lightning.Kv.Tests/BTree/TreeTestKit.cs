using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.BTree;

/// <summary>A page file in a temporary directory plus tree inspection helpers, for the BTree tests.</summary>
internal sealed class TreeTestKit : IDisposable
{
    private readonly TestDirectory _dir = new("btree");

    public TreeTestKit(int pageSize = 4096, long cacheBytes = 1 << 20)
    {
        Directory.CreateDirectory(_dir.Path);
        FilePath = Path.Combine(_dir.Path, PageFormat.FileName);
        File = PageFile.Open(DiskFileSystem.Instance, FilePath, pageSize, cacheBytes, out TreeMeta meta);
        Allocator = new PageAllocator(meta.PageCount);
    }

    public string FilePath { get; }

    public PageFile File { get; }

    public PageAllocator Allocator { get; }

    public TreeRoot Root { get; private set; } = new(0, 0, 0, 0, 0);

    /// <summary>Applies one transaction the way the flush does: release, apply, persist the free list.</summary>
    public TreeRoot Apply(IEnumerable<TreeUpdate> updates, ulong oldestPinnedTxn = ulong.MaxValue)
    {
        List<TreeUpdate> sorted = updates.OrderBy(u => u.Key.ToArray(), KeyComparer.Instance).ToList();
        ulong txn = Root.TxnId + 1;
        Allocator.Release(Math.Min(oldestPinnedTxn, Root.TxnId), txn);
        var writer = new TreeWriter(File, Allocator, txn);
        (ulong root, int height) = writer.Apply(Root.RootPageId, Root.Height, sorted);
        Allocator.Persist(File, txn);
        Root = new TreeRoot(root, height, txn, 0, Root.EntryCount + writer.EntryDelta);
        return Root;
    }

    public static TreeUpdate Put(byte[] key, byte[] value) => new(key, EntryKind.Put, value);

    public static TreeUpdate Delete(byte[] key) => new(key, EntryKind.Delete, ReadOnlyMemory<byte>.Empty);

    public byte[]? Find(TreeRoot root, byte[] key) =>
        TreeReader.TryFind(File, root, key, out byte[] leaf, out int index) ? TreeReader.ReadValue(File, leaf, index) : null;

    public List<KeyValuePair<byte[], byte[]>> Scan(TreeRoot root, byte[]? seek = null, bool reverse = false, int limit = int.MaxValue)
    {
        var result = new List<KeyValuePair<byte[], byte[]>>();
        var iterator = new TreeIterator(File, root);
        if (reverse) iterator.SeekBackward(seek);
        else iterator.SeekForward(seek);
        while (iterator.Valid && result.Count < limit)
        {
            Assert.False(iterator.IsDeleted);
            result.Add(new(iterator.Key.ToArray(), iterator.Value.ToArray()));
            if (reverse) iterator.Previous();
            else iterator.Next();
        }
        return result;
    }

    /// <summary>Every page reachable from <paramref name="root"/>: internal, leaf and overflow pages.</summary>
    public HashSet<ulong> ReachablePages(TreeRoot root)
    {
        var pages = new HashSet<ulong>();
        if (!root.IsEmpty) Walk(root.RootPageId, root.Height, pages);
        return pages;
    }

    private void Walk(ulong pageId, int height, HashSet<ulong> pages)
    {
        Assert.True(pages.Add(pageId), $"page {pageId} is reachable twice");
        if (height == 1)
        {
            byte[] leaf = File.Read(pageId, PageType.Leaf);
            for (int i = 0; i < LeafPage.Count(leaf); i++)
            {
                if (!LeafPage.IsOverflow(leaf, i)) continue;
                for (ulong page = LeafPage.OverflowPage(leaf, i); page != 0; page = PageFormat.LinkOf(File.Read(page, PageType.Overflow)))
                    Assert.True(pages.Add(page), $"overflow page {page} is reachable twice");
            }
            return;
        }
        byte[] node = File.Read(pageId, PageType.Internal);
        for (int c = 0; c <= InternalPage.SeparatorCount(node); c++) Walk(InternalPage.Child(node, c), height - 1, pages);
    }

    /// <summary>
    /// Every page id from the first data page to the end of the file is in exactly one place (reachable from
    /// <paramref name="root"/>, free, pending, or holding the persisted free list), and the tree is well formed:
    /// the engine's own <see cref="TreeVerifier"/> must find nothing.
    /// </summary>
    public void AssertPageAccounting(TreeRoot root)
    {
        var verifier = new TreeVerifier(File);
        verifier.Verify(root, Allocator.Save());
        Assert.Empty(verifier.Problems);
        Assert.Equal(ReachablePages(root).Count + Allocator.FreeCount + Allocator.PendingCount + Allocator.Save().ListPages.Length,
            (int)(Allocator.PageCount - TreeMeta.FirstDataPage));
    }

    public void Dispose()
    {
        File.Dispose();
        _dir.Dispose();
    }
}
