using Lightning.Kv.BTree;
using static Lightning.Kv.Tests.BTree.TreeTestKit;

namespace Lightning.Kv.Tests.BTree;

public sealed class TreeIteratorTests
{
    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"m{i:D4}");

    private static string Name(byte[] key) => System.Text.Encoding.ASCII.GetString(key);

    /// <summary>Keys m0000, m0002, …, m0598 (even numbers) over many leaves; every 10th value overflows.</summary>
    private static TreeTestKit BuildTree()
    {
        var kit = new TreeTestKit(4096);
        kit.Apply(Enumerable.Range(0, 300).Select(i => Put(Key(i * 2), Value(i * 2))));
        Assert.True(kit.Root.Height >= 2);
        return kit;
    }

    private static byte[] Value(int i) => i % 20 == 0 ? Enumerable.Repeat((byte)i, 5000).ToArray() : new byte[100 + i % 7];

    [Fact]
    public void EmptyTreeIsNeverValid()
    {
        using var kit = new TreeTestKit(4096);
        var iterator = new TreeIterator(kit.File, kit.Root);
        iterator.SeekForward(null);
        Assert.False(iterator.Valid);
        iterator.SeekBackward(Key(1));
        Assert.False(iterator.Valid);
        Assert.False(TreeReader.TryFind(kit.File, kit.Root, Key(1), out _, out _));
    }

    [Fact]
    public void SeeksBeforeTheFirstAndAfterTheLastKey()
    {
        using TreeTestKit kit = BuildTree();
        Assert.Equal("m0000", Name(kit.Scan(kit.Root, "a"u8.ToArray(), limit: 1)[0].Key));
        Assert.Empty(kit.Scan(kit.Root, "n"u8.ToArray()));
        Assert.Empty(kit.Scan(kit.Root, Key(599)));
        Assert.Empty(kit.Scan(kit.Root, "a"u8.ToArray(), reverse: true));
        Assert.Empty(kit.Scan(kit.Root, Key(0), reverse: true));
        Assert.Equal("m0598", Name(kit.Scan(kit.Root, "n"u8.ToArray(), reverse: true, limit: 1)[0].Key));
        Assert.Equal("m0598", Name(kit.Scan(kit.Root, null, reverse: true, limit: 1)[0].Key));
    }

    [Fact]
    public void SeeksBetweenKeysLandOnTheNeighbours()
    {
        using TreeTestKit kit = BuildTree();
        for (int i = 1; i < 599; i += 2) // odd: absent
        {
            Assert.Equal(Name(Key(i + 1)), Name(kit.Scan(kit.Root, Key(i), limit: 1)[0].Key));
            Assert.Equal(Name(Key(i - 1)), Name(kit.Scan(kit.Root, Key(i), reverse: true, limit: 1)[0].Key));
        }
        for (int i = 2; i < 600; i += 2) // even: present; reverse seeks are exclusive
        {
            Assert.Equal(Name(Key(i)), Name(kit.Scan(kit.Root, Key(i), limit: 1)[0].Key));
            Assert.Equal(Name(Key(i - 2)), Name(kit.Scan(kit.Root, Key(i), reverse: true, limit: 1)[0].Key));
        }
    }

    [Fact]
    public void OverflowValuesAreReadWhileIterating()
    {
        using TreeTestKit kit = BuildTree();
        List<KeyValuePair<byte[], byte[]>> all = kit.Scan(kit.Root);
        Assert.Equal(300, all.Count);
        for (int i = 0; i < all.Count; i++) Assert.Equal(Value(i * 2), all[i].Value);
        Assert.Equal(Value(40), kit.Find(kit.Root, Key(40)));
    }

    [Fact]
    public void AnIteratorCanChangeDirectionBySeekingAgain()
    {
        using TreeTestKit kit = BuildTree();
        var iterator = new TreeIterator(kit.File, kit.Root);
        iterator.SeekForward(Key(100));
        for (int i = 0; i < 80; i++) iterator.Next(); // crosses leaves
        Assert.Equal("m0260", Name(iterator.Key.ToArray()));
        iterator.SeekBackward(Key(100));
        for (int i = 0; i < 30; i++) iterator.Previous();
        Assert.Equal("m0038", Name(iterator.Key.ToArray()));
        Assert.Equal(Value(38), iterator.Value.ToArray());
    }
}
