using Lightning.Kv.Memtable;

namespace Lightning.Kv.Tests.Memtable;

public sealed class ArenaTests
{
    private const int ChunkSize = 1 << 20;
    private const int DedicatedThreshold = ChunkSize / 4;

    private static int ChunkOf(long address) => (int)(address >> 32);

    private static int OffsetOf(long address) => (int)(uint)address;

    [Fact]
    public void AllocationsAreEightByteAlignedAndContiguous()
    {
        var arena = new Arena();
        Assert.Equal(0L, arena.Allocate(1));
        Assert.Equal(8L, arena.Allocate(13));
        Assert.Equal(24L, arena.Allocate(8));
        Assert.Equal(32L, arena.Allocate(0));
        Assert.Equal(32L, arena.Allocate(3)); // a zero-byte allocation takes no room
        Assert.Equal(8 + 16 + 8 + 0 + 8, arena.BytesAllocated);
        Assert.Equal(ChunkSize, arena.BytesReserved);
    }

    [Fact]
    public void ValuesLargerThanAQuarterChunkGetADedicatedChunk()
    {
        var arena = new Arena();
        long small = arena.Allocate(100);
        int large = DedicatedThreshold + 1;
        long reservedBefore = arena.BytesReserved;

        long dedicated = arena.Allocate(large);

        Assert.NotEqual(ChunkOf(small), ChunkOf(dedicated));
        Assert.Equal(0, OffsetOf(dedicated));
        Assert.Equal((large + 7) & ~7, arena.BytesReserved - reservedBefore); // exactly its own size
        // The shared chunk keeps being filled after the dedicated one.
        long next = arena.Allocate(16);
        Assert.Equal(ChunkOf(small), ChunkOf(next));
        Assert.Equal(104, OffsetOf(next));
    }

    [Fact]
    public void AllocationAtTheThresholdStaysInTheSharedChunk()
    {
        var arena = new Arena();
        long first = arena.Allocate(8);
        long atThreshold = arena.Allocate(DedicatedThreshold);
        Assert.Equal(ChunkOf(first), ChunkOf(atThreshold));
        Assert.Equal(8, OffsetOf(atThreshold));
        Assert.Equal(ChunkSize, arena.BytesReserved);
    }

    [Fact]
    public void FullSharedChunkStartsANewOne()
    {
        var arena = new Arena();
        long a = arena.Allocate(DedicatedThreshold);
        arena.Allocate(DedicatedThreshold);
        arena.Allocate(DedicatedThreshold);
        long d = arena.Allocate(DedicatedThreshold - 64); // leaves 64 bytes in chunk 0
        Assert.Equal(ChunkOf(a), ChunkOf(d));
        long e = arena.Allocate(128);
        Assert.NotEqual(ChunkOf(a), ChunkOf(e));
        Assert.Equal(0, OffsetOf(e));
        Assert.Equal(2L * ChunkSize, arena.BytesReserved);
    }

    [Fact]
    public void DataSurvivesGrowthOfTheChunkTable()
    {
        var arena = new Arena();
        var written = new List<(long Address, int Length, byte Fill)>();
        var random = new Random(11);
        for (int i = 0; i < 40; i++)
        {
            int length = i % 4 == 0 ? DedicatedThreshold + random.Next(1, 5000) : random.Next(1, 200_000);
            long address = arena.Allocate(length);
            byte fill = (byte)(i + 1);
            arena.Span(address, length).Fill(fill);
            written.Add((address, length, fill));
        }
        foreach ((long address, int length, byte fill) in written)
        {
            Assert.False(arena.Span(address, length).ContainsAnyExcept(fill));
            Assert.Equal(length, arena.Memory(address, length).Length);
        }
        Assert.True(written.Select(w => ChunkOf(w.Address)).Distinct().Count() > 8);
    }

    [Fact]
    public void LongAndIntReferencesReadAndWriteInPlace()
    {
        var arena = new Arena();
        long address = arena.Allocate(16);
        arena.LongAt(address) = 0x1122334455667788L;
        arena.IntAt(address + 8) = -5;
        Assert.Equal(0x1122334455667788L, BitConverter.ToInt64(arena.Span(address, 8)));
        Assert.Equal(-5, BitConverter.ToInt32(arena.Span(address + 8, 4)));
    }
}
