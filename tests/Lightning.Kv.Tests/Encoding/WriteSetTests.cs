using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Tests.Encoding;

/// <summary><see cref="WriteSetBuilder"/> and <see cref="WriteSetReader"/>: the WAL payload format.</summary>
public sealed class WriteSetTests
{
    private sealed record Op(EntryKind Kind, byte[] Key, byte[] Value);

    private static List<Op> RandomOps(Random random, int count)
    {
        var ops = new List<Op>();
        for (int i = 0; i < count; i++)
        {
            int keyLength = random.Next(4) == 0 ? random.Next(1, KvLimits.MaxKeySize + 1) : random.Next(1, 40);
            byte[] key = new byte[keyLength];
            random.NextBytes(key);
            if (random.Next(3) == 0)
            {
                ops.Add(new Op(EntryKind.Delete, key, []));
                continue;
            }
            byte[] value = new byte[random.Next(5) == 0 ? random.Next(0, 5000) : random.Next(0, 130)];
            random.NextBytes(value);
            ops.Add(new Op(EntryKind.Put, key, value));
        }
        return ops;
    }

    private static WriteSetBuilder Build(IEnumerable<Op> ops, int initialCapacity = 256)
    {
        var builder = new WriteSetBuilder(initialCapacity);
        foreach (Op op in ops)
        {
            if (op.Kind == EntryKind.Put) builder.Put(op.Key, op.Value);
            else builder.Delete(op.Key);
        }
        return builder;
    }

    private static List<Op> ReadAll(ReadOnlySpan<byte> data, out bool malformed)
    {
        var ops = new List<Op>();
        var reader = new WriteSetReader(data);
        while (reader.MoveNext()) ops.Add(new Op(reader.Kind, reader.Key.ToArray(), reader.Value.ToArray()));
        malformed = reader.Malformed;
        return ops;
    }

    private static void AssertSameOps(IReadOnlyList<Op> expected, IReadOnlyList<Op> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Kind, actual[i].Kind);
            Assert.Equal(expected[i].Key, actual[i].Key);
            Assert.Equal(expected[i].Value, actual[i].Value);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(500)]
    public void RoundTrip(int count)
    {
        var random = new Random(count + 17);
        List<Op> ops = RandomOps(random, count);
        WriteSetBuilder builder = Build(ops, initialCapacity: 1); // forces repeated growth
        byte[] encoded = builder.Encoded().ToArray();

        Assert.Equal(count, builder.Count);
        Assert.Equal(encoded.Length, builder.Length);
        Assert.Equal((uint)count, WriteSetReader.CountOf(encoded));
        AssertSameOps(ops, ReadAll(encoded, out bool malformed));
        Assert.False(malformed);
    }

    [Fact]
    public void EncodingMatchesTheDocumentedLayout()
    {
        var builder = new WriteSetBuilder();
        builder.Put("ab"u8, "xyz"u8);
        builder.Delete("k"u8);
        byte[] expected = [2, 0, 0, 0, (byte)EntryKind.Put, 2, (byte)'a', (byte)'b', 3, (byte)'x', (byte)'y', (byte)'z',
            (byte)EntryKind.Delete, 1, (byte)'k'];
        Assert.Equal(expected, builder.Encoded().ToArray());
    }

    [Fact]
    public void EmptyValueRoundTripsAsEmptyPutNotDelete()
    {
        var builder = new WriteSetBuilder();
        builder.Put("k"u8, ReadOnlySpan<byte>.Empty);
        List<Op> ops = ReadAll(builder.Encoded(), out bool malformed);
        Assert.False(malformed);
        Assert.Equal(EntryKind.Put, Assert.Single(ops).Kind);
        Assert.Empty(ops[0].Value);
    }

    [Fact]
    public void ClearResetsTheBuilderForReuse()
    {
        var builder = new WriteSetBuilder();
        builder.Put("one"u8, "1"u8);
        builder.Delete("two"u8);
        builder.Clear();
        Assert.Equal(0, builder.Count);
        Assert.Equal(4, builder.Length);
        Assert.Equal(new byte[4], builder.Encoded().ToArray());
        builder.Put("three"u8, "3"u8);
        List<Op> ops = ReadAll(builder.Encoded(), out bool malformed);
        Assert.False(malformed);
        Assert.Equal("three"u8.ToArray(), Assert.Single(ops).Key);
    }

    [Fact]
    public void KeyLimitsAreEnforced()
    {
        var builder = new WriteSetBuilder();
        var empty = Assert.Throws<LightningException>(() => builder.Put(ReadOnlySpan<byte>.Empty, "v"u8));
        Assert.Equal(LightningErrorCode.InvalidArgument, empty.Code);
        empty = Assert.Throws<LightningException>(() => builder.Delete(ReadOnlySpan<byte>.Empty));
        Assert.Equal(LightningErrorCode.InvalidArgument, empty.Code);

        byte[] tooLong = new byte[KvLimits.MaxKeySize + 1];
        Assert.Equal(LightningErrorCode.KeyTooLarge, Assert.Throws<LightningException>(() => builder.Put(tooLong, "v"u8)).Code);
        Assert.Equal(LightningErrorCode.KeyTooLarge, Assert.Throws<LightningException>(() => builder.Delete(tooLong)).Code);

        builder.Put(new byte[KvLimits.MaxKeySize], "v"u8); // exactly the limit is fine
        Assert.Equal(1, builder.Count);
        Assert.False(ReadAllMalformed(builder.Encoded()));
    }

    [Fact]
    public void ValueLimitIsEnforcedAndLeavesTheBuilderUnchanged()
    {
        var builder = new WriteSetBuilder();
        builder.Put("a"u8, "1"u8);
        byte[] before = builder.Encoded().ToArray();
        // Uninitialized, so the OS never commits the pages: only the length matters.
        byte[] huge = GC.AllocateUninitializedArray<byte>(KvLimits.MaxValueSize + 1);
        var error = Assert.Throws<LightningException>(() => builder.Put("b"u8, huge));
        Assert.Equal(LightningErrorCode.ValueTooLarge, error.Code);
        Assert.Equal(1, builder.Count);
        Assert.Equal(before, builder.Encoded().ToArray());
    }

    private static bool ReadAllMalformed(ReadOnlySpan<byte> data)
    {
        ReadAll(data, out bool malformed);
        return malformed;
    }

    [Fact]
    public void ShorterThanTheCountHeaderIsMalformed()
    {
        for (int length = 0; length < 4; length++)
        {
            var reader = new WriteSetReader(new byte[length]);
            Assert.True(reader.Malformed);
            Assert.False(reader.MoveNext());
            Assert.True(reader.Malformed);
            Assert.Equal(0u, WriteSetReader.CountOf(new byte[length]));
        }
    }

    [Fact]
    public void EveryTruncationIsMalformed()
    {
        List<Op> ops = RandomOps(new Random(3), 12);
        byte[] encoded = Build(ops).Encoded().ToArray();
        for (int length = 0; length < encoded.Length; length++)
            Assert.True(ReadAllMalformed(encoded.AsSpan(0, length)), $"prefix of {length} bytes was accepted");
    }

    [Fact]
    public void TrailingBytesAreMalformed()
    {
        byte[] encoded = Build(RandomOps(new Random(4), 3)).Encoded().ToArray();
        Assert.True(ReadAllMalformed([.. encoded, 0]));
        Assert.True(ReadAllMalformed([.. encoded, (byte)EntryKind.Delete, 1, (byte)'x']));
    }

    [Fact]
    public void CountHeaderThatDisagreesWithTheEntriesIsMalformed()
    {
        byte[] encoded = Build(RandomOps(new Random(5), 3)).Encoded().ToArray();
        byte[] tooMany = encoded.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(tooMany, 4);
        Assert.True(ReadAllMalformed(tooMany));
        byte[] tooFew = encoded.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(tooFew, 2);
        Assert.True(ReadAllMalformed(tooFew));
        byte[] huge = encoded.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(huge, uint.MaxValue);
        Assert.True(ReadAllMalformed(huge));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(0x81)]
    [InlineData(0xFF)]
    public void UnknownEntryKindIsMalformed(byte kind)
    {
        byte[] data = [1, 0, 0, 0, kind, 1, (byte)'k', 1, (byte)'v'];
        Assert.True(ReadAllMalformed(data));
    }

    [Fact]
    public void ZeroLengthKeyIsMalformed()
    {
        Assert.True(ReadAllMalformed([1, 0, 0, 0, (byte)EntryKind.Delete, 0, 0]));
        Assert.True(ReadAllMalformed([1, 0, 0, 0, (byte)EntryKind.Put, 0, 0]));
    }

    [Fact]
    public void OversizedLengthsAreMalformed()
    {
        // Key length MaxKeySize + 1, with that many bytes actually present.
        byte[] longKey = new byte[4 + 1 + 2 + KvLimits.MaxKeySize + 1 + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(longKey, 1);
        longKey[4] = (byte)EntryKind.Put;
        VarInt.Write(longKey.AsSpan(5), KvLimits.MaxKeySize + 1);
        Assert.True(ReadAllMalformed(longKey));

        // Value length MaxValueSize + 1 (the bytes are not there, which must not matter).
        byte[] longValue = new byte[4 + 1 + 1 + 1 + VarInt.MaxLength + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(longValue, 1);
        longValue[4] = (byte)EntryKind.Put;
        longValue[5] = 1;
        longValue[6] = (byte)'k';
        VarInt.Write(longValue.AsSpan(7), KvLimits.MaxValueSize + 1);
        Assert.True(ReadAllMalformed(longValue));

        // Lengths that claim more bytes than remain.
        Assert.True(ReadAllMalformed([1, 0, 0, 0, (byte)EntryKind.Delete, 5, (byte)'a', (byte)'b']));
        Assert.True(ReadAllMalformed([1, 0, 0, 0, (byte)EntryKind.Put, 1, (byte)'a', 9, (byte)'b']));
        Assert.True(ReadAllMalformed([1, 0, 0, 0, (byte)EntryKind.Put, 1, (byte)'a', 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
        // An unterminated varint.
        Assert.True(ReadAllMalformed([1, 0, 0, 0, (byte)EntryKind.Put, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]));
    }

    [Fact]
    public void RandomCorruptionIsDetectedOrHarmlessButNeverThrows()
    {
        var random = new Random(2024);
        byte[] original = Build(RandomOps(random, 20)).Encoded().ToArray();
        for (int round = 0; round < 5000; round++)
        {
            byte[] damaged = original.ToArray();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            int cut = random.Next(4) == 0 ? random.Next(damaged.Length + 1) : damaged.Length;
            List<Op> ops = ReadAll(damaged.AsSpan(0, cut), out bool malformed);
            if (!malformed)
            {
                // Accepted: then it must be internally consistent with its own header.
                Assert.Equal(WriteSetReader.CountOf(damaged.AsSpan(0, cut)), (uint)ops.Count);
                Assert.All(ops, op => Assert.InRange(op.Key.Length, 1, KvLimits.MaxKeySize));
            }
        }
    }

    [Fact]
    public void RandomGarbageNeverThrows()
    {
        var random = new Random(77);
        for (int round = 0; round < 5000; round++)
        {
            byte[] garbage = new byte[random.Next(0, 64)];
            random.NextBytes(garbage);
            if (garbage.Length >= 4 && random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(garbage, (uint)random.Next(0, 4));
            ReadAll(garbage, out _);
        }
    }
}
