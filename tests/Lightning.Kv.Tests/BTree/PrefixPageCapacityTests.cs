using System.Buffers.Binary;
using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Tests.BTree;

/// <summary>
/// The key-prefix array costs 8 bytes per entry; <see cref="PageBuilder.Fits"/> and the entry sizes must account
/// for it so that splits still work at every page size with the largest keys and inline values.
/// </summary>
public sealed class PrefixPageCapacityTests
{
    [Theory]
    [InlineData(4096)]
    [InlineData(8192)]
    [InlineData(16384)]
    [InlineData(32768)]
    [InlineData(65536)]
    public void MaxSizeKeysWithTheLargestInlineValuesSplitAtEveryPageSize(int pageSize)
    {
        var random = new Random(pageSize);
        using var kit = new TreeTestKit(pageSize);
        var model = new SortedDictionary<byte[], byte[]>(KeyComparer.Instance);
        int keysPerRound = pageSize <= 8192 ? 40 : 12;
        for (int round = 0; round < 3; round++)
        {
            var updates = new List<TreeUpdate>();
            for (int i = 0; i < keysPerRound; i++)
            {
                byte[] key = new byte[KvLimits.MaxKeySize];
                random.NextBytes(key.AsSpan(KvLimits.MaxKeySize - 4)); // the first 1020 bytes tie: prefixes all equal
                byte[] value = new byte[random.Next(2) == 0 ? pageSize / 4 : random.Next(pageSize / 4)]; // up to the inline limit
                random.NextBytes(value);
                updates.Add(TreeTestKit.Put(key, value));
                model[key] = value;
            }
            kit.Apply(updates);
            kit.AssertPageAccounting(kit.Root);
        }
        Assert.True(kit.Root.Height >= 2, $"height {kit.Root.Height}: the test did not split");
        foreach ((byte[] key, byte[] value) in model) Assert.Equal(value, kit.Find(kit.Root, key));
        Assert.Equal(model.Keys.ToList(), kit.Scan(kit.Root).Select(e => e.Key).ToList());
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65536)]
    public void FitsAgreesWithTheBytesAFinishedPageUses(int pageSize)
    {
        var random = new Random(3);
        var builder = new PageBuilder(pageSize);
        int used = KeyPrefixArray.Offset; // header, skip count and reserved bytes
        while (true)
        {
            byte[] key = new byte[random.Next(0, 40)];
            int size = LeafPage.EntrySize(key.Length, 5);
            if (!builder.Fits(size)) break;
            builder.AddLeafEntry(key, overflow: false, 5, "12345"u8, 0);
            used += size;
        }
        Assert.Equal(pageSize - used, builder.FreeBytes);
        Assert.True(builder.FreeBytes < LeafPage.EntrySize(39, 5));
        int count = builder.Count;
        byte[] page = builder.Finish(PageType.Leaf, 2, 1, 0);
        int lowestEntry = int.MaxValue;
        for (int i = 0; i < count; i++)
            lowestEntry = Math.Min(lowestEntry, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(KeyPrefixArray.SlotArrayOffset(count) + 2 * i)));
        Assert.True(KeyPrefixArray.SlotArrayOffset(count) + 2 * count <= lowestEntry, "the arrays overlap the entries");
    }

    [Fact]
    public void TheVerifierReportsAPrefixThatDisagreesWithItsKey()
    {
        using var kit = new TreeTestKit(4096);
        var updates = new List<TreeUpdate>();
        for (int i = 0; i < 400; i++) updates.Add(TreeTestKit.Put(System.Text.Encoding.ASCII.GetBytes($"key{i:D5}"), new byte[20]));
        kit.Apply(updates);
        kit.AssertPageAccounting(kit.Root);

        ulong leafId = FirstLeaf(kit);
        byte[] leaf = kit.File.ReadUncached(leafId, PageType.Leaf).ToArray();
        KeyPrefixArray.Write(leaf, 1, KeyPrefixArray.At(leaf, 1) + 1);
        kit.File.Write(leafId, leaf); // reseals: the checksum is fine, the prefix is not

        var verifier = new TreeVerifier(kit.File);
        verifier.Verify(kit.Root, kit.Allocator.Save());
        Assert.Contains(verifier.Problems, p => p.Contains($"leaf {leafId}: the key prefix of entry 1"));
    }

    [Fact]
    public void SearchesUseTheHeadersCopyOfTheSharedStartAndTheVerifierChecksIt()
    {
        using var kit = new TreeTestKit(4096);
        var updates = new List<TreeUpdate>();
        for (int i = 0; i < 400; i++) updates.Add(TreeTestKit.Put(System.Text.Encoding.ASCII.GetBytes($"key{i:D5}"), new byte[20]));
        kit.Apply(updates);

        ulong leafId = FirstLeaf(kit);
        byte[] leaf = kit.File.ReadUncached(leafId, PageType.Leaf).ToArray();
        int skip = KeyPrefixArray.SkipOf(leaf);
        Assert.InRange(skip, 1, KeyPrefixArray.InlineCommonLength); // "key00…": the shared start fits the header
        Assert.True(KeyPrefixArray.InlineCommon(leaf, skip).SequenceEqual(LeafPage.Key(leaf, 0)[..skip]));

        // Entry 0's key is not read: with the header's copy damaged (checksum resealed), a present key is not found.
        byte[] key = LeafPage.Key(leaf, 1).ToArray();
        leaf[KeyPrefixArray.CommonOffset] ^= 0x01;
        LeafPage.LowerBound(leaf, key, out bool found);
        Assert.False(found);
        kit.File.Write(leafId, leaf);

        var verifier = new TreeVerifier(kit.File);
        verifier.Verify(kit.Root, kit.Allocator.Save());
        Assert.Contains(verifier.Problems, p => p.Contains($"leaf {leafId}: the key prefix of entry"));
    }

    private static ulong FirstLeaf(TreeTestKit kit)
    {
        ulong page = kit.Root.RootPageId;
        for (int level = 1; level < kit.Root.Height; level++) page = InternalPage.Child(kit.File.Read(page, PageType.Internal), 0);
        return page;
    }
}
