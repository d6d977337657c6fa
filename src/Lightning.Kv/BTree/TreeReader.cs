namespace Lightning.Kv.BTree;

/// <summary>Point lookups: one descent from the root to a leaf.</summary>
internal static class TreeReader
{
    /// <summary>Finds <paramref name="key"/>; on success <paramref name="leaf"/> and <paramref name="index"/> locate it.</summary>
    public static bool TryFind(PageFile file, TreeRoot root, ReadOnlySpan<byte> key, out byte[] leaf, out int index)
    {
        leaf = [];
        index = 0;
        if (root.IsEmpty) return false;
        ulong pageId = root.RootPageId;
        for (int level = 1; level < root.Height; level++)
        {
            byte[] page = file.Read(pageId, PageType.Internal);
            pageId = InternalPage.Child(page, InternalPage.ChildIndexFor(page, key));
        }
        leaf = file.Read(pageId, PageType.Leaf);
        index = LeafPage.LowerBound(leaf, key, out bool found);
        return found;
    }

    /// <summary>Copies out the value at (leaf, index), following its overflow chain when it has one.</summary>
    public static byte[] ReadValue(PageFile file, byte[] leaf, int index)
    {
        if (!LeafPage.IsOverflow(leaf, index)) return LeafPage.InlineValue(leaf, index).ToArray();
        byte[] value = GC.AllocateUninitializedArray<byte>(LeafPage.ValueLength(leaf, index));
        OverflowChain.Read(file, LeafPage.OverflowPage(leaf, index), value);
        return value;
    }
}
