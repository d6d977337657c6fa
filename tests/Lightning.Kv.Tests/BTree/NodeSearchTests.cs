using System.Buffers.Binary;
using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Tests.BTree;

/// <summary>
/// The prefix-array searches (<see cref="LeafPage.LowerBound"/>, <see cref="InternalPage.ChildIndexFor"/>) give the
/// same answers as the full-key reference searches for every probe, on key sets built to make prefixes tie.
/// </summary>
public sealed class NodeSearchTests
{
    public static TheoryData<string, int> KeySets()
    {
        var data = new TheoryData<string, int>();
        foreach (string family in new[] { "random", "common12", "common7", "common8", "common9", "common20", "tiny", "zeros", "maxsize", "nested" })
            foreach (int pageSize in new[] { 4096, 8192, 65536 })
                data.Add(family, pageSize);
        return data;
    }

    [Theory]
    [MemberData(nameof(KeySets))]
    public void LeafLowerBoundMatchesTheFullKeySearch(string family, int pageSize)
    {
        for (int round = 0; round < 6; round++)
        {
            var random = new Random(HashCode.Combine(family, pageSize, round) & 0x7FFFFFFF);
            byte[] page = BuildLeaf(Keys(family, random), pageSize, out List<byte[]> stored);
            AssertPrefixArray(page, stored);
            foreach (byte[] probe in Probes(stored, random))
            {
                int expected = LeafPage.LowerBoundScalar(page, probe, out bool expectedFound);
                int actual = LeafPage.LowerBound(page, probe, out bool found);
                Assert.True(expected == actual && expectedFound == found,
                    $"{family}/{pageSize}: probe {Convert.ToHexString(probe)} gave {actual}/{found}, reference {expected}/{expectedFound}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(KeySets))]
    public void InternalChildIndexMatchesTheFullKeySearch(string family, int pageSize)
    {
        for (int round = 0; round < 6; round++)
        {
            var random = new Random(HashCode.Combine(family, pageSize, round, 1) & 0x7FFFFFFF);
            byte[] page = BuildInternal(Keys(family, random), pageSize, out List<byte[]> stored);
            AssertPrefixArray(page, stored);
            foreach (byte[] probe in Probes(stored, random))
            {
                int expected = InternalPage.ChildIndexForScalar(page, probe);
                int actual = InternalPage.ChildIndexFor(page, probe);
                Assert.True(expected == actual, $"{family}/{pageSize}: probe {Convert.ToHexString(probe)} gave {actual}, reference {expected}");
            }
        }
    }

    [Fact]
    public void EmptyPagesAnswerZero()
    {
        byte[] leaf = new PageBuilder(4096).Finish(PageType.Leaf, 2, 1, 0);
        byte[] node = new PageBuilder(4096).Finish(PageType.Internal, 3, 1, 9);
        Assert.Equal(0, LeafPage.LowerBound(leaf, "x"u8, out bool found));
        Assert.False(found);
        Assert.Equal(0, InternalPage.ChildIndexFor(node, "x"u8));
    }

    /// <summary>
    /// The byte layout of docs/formats/btree.md: at 32 a u16 skip (the length of the start all keys share), then the
    /// first min(skip, 14) shared bytes zero-padded to 14, from 48 a u64 per entry (the big-endian value of the 8 key
    /// bytes after the skipped ones), then u16 slots.
    /// </summary>
    private static void AssertPrefixArray(byte[] page, List<byte[]> keys)
    {
        Assert.Equal(keys.Count, PageFormat.CountOf(page));
        int skip = keys.Count == 0 ? 0 : keys.Min(k => k.AsSpan().CommonPrefixLength(keys[0]));
        Assert.Equal(skip, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(32)));
        byte[] common = new byte[14];
        if (keys.Count > 0) keys[0].AsSpan(0, Math.Min(skip, 14)).CopyTo(common);
        Assert.Equal(common, page[34..48]);
        for (int i = 0; i < keys.Count; i++)
        {
            byte[] rest = keys[i][skip..];
            ulong expected = BinaryPrimitives.ReadUInt64BigEndian([.. rest.Take(8), .. new byte[Math.Max(0, 8 - rest.Length)]]);
            Assert.Equal(expected, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(48 + 8 * i)));
            int slot = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(48 + 8 * keys.Count + 2 * i));
            Assert.Equal(keys[i].Length, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(slot)));
        }
    }

    private static byte[] BuildLeaf(List<byte[]> keys, int pageSize, out List<byte[]> stored)
    {
        var builder = new PageBuilder(pageSize);
        stored = new List<byte[]>();
        foreach (byte[] key in keys)
        {
            if (!builder.Fits(LeafPage.EntrySize(key.Length, 3))) break;
            builder.AddLeafEntry(key, overflow: false, 3, "val"u8, 0);
            stored.Add(key);
        }
        return builder.Finish(PageType.Leaf, 2, 1, 0);
    }

    private static byte[] BuildInternal(List<byte[]> keys, int pageSize, out List<byte[]> stored)
    {
        var builder = new PageBuilder(pageSize);
        stored = new List<byte[]>();
        foreach (byte[] key in keys)
        {
            if (!builder.Fits(InternalPage.EntrySize(key.Length))) break;
            builder.AddSeparator(key, (ulong)(100 + stored.Count));
            stored.Add(key);
        }
        return builder.Finish(PageType.Internal, 3, 1, 99);
    }

    /// <summary>Sorted distinct keys of one family; more than any page holds, so pages come out full.</summary>
    private static List<byte[]> Keys(string family, Random random)
    {
        var set = new SortedSet<byte[]>(KeyComparer.Instance);
        switch (family)
        {
            case "random":
                while (set.Count < 5000) set.Add(Bytes(random, random.Next(1, 40)));
                break;
            case "common12" or "common7" or "common8" or "common9" or "common20":
                byte[] common = Bytes(random, int.Parse(family[6..]));
                while (set.Count < 5000) set.Add([.. common, .. Bytes(random, random.Next(0, 12))]);
                break;
            case "tiny":
                // Every key of length 0..5 over {00, 01, 80, FF}: the empty key, zero bytes that tie with padding.
                byte[] alphabet = [0x00, 0x01, 0x80, 0xFF];
                AddAll(set, alphabet, [], 5);
                break;
            case "zeros":
                for (int length = 0; length <= 20; length++)
                {
                    set.Add([0x61, .. new byte[length]]);
                    set.Add([.. new byte[length]]);
                    set.Add([.. new byte[length], 0x01]);
                }
                break;
            case "nested":
                // Keys that are prefixes of each other around a shared start: "ab", "ab\0", "ab\0\0x", "abc"...
                byte[] stem = Bytes(random, random.Next(1, 12));
                while (set.Count < 3000)
                    set.Add([.. stem[..random.Next(stem.Length + 1)], .. new byte[random.Next(3)], .. Bytes(random, random.Next(0, 3))]);
                break;
            case "maxsize":
                byte[] shared = Bytes(random, KvLimits.MaxKeySize - 8);
                while (set.Count < 200) set.Add(random.Next(4) == 0 ? Bytes(random, KvLimits.MaxKeySize) : [.. shared, .. Bytes(random, 8)]);
                break;
        }
        return [.. set];
    }

    private static void AddAll(SortedSet<byte[]> set, byte[] alphabet, byte[] prefix, int depth)
    {
        set.Add(prefix);
        if (depth == 0) return;
        foreach (byte b in alphabet) AddAll(set, alphabet, [.. prefix, b], depth - 1);
    }

    /// <summary>Every stored key and its neighbours in key order (one byte more, one less, the last byte ±1), and random keys.</summary>
    private static IEnumerable<byte[]> Probes(List<byte[]> keys, Random random)
    {
        yield return [];
        yield return [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        foreach (byte[] key in keys)
        {
            yield return key;
            yield return [.. key, 0x00];
            yield return [.. key, 0xFF];
            if (key.Length == 0) continue;
            yield return key[..^1];
            if (key[^1] > 0) yield return [.. key[..^1], (byte)(key[^1] - 1)];
            if (key[^1] < 0xFF) yield return [.. key[..^1], (byte)(key[^1] + 1)];
        }
        for (int i = 0; i < 500; i++)
        {
            byte[] near = keys.Count == 0 ? [] : keys[random.Next(keys.Count)];
            yield return [.. near.Take(random.Next(near.Length + 1)), .. Bytes(random, random.Next(0, 10))];
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
