using Lightning.Kv.Encoding;

namespace Lightning.Kv.Tests.Encoding;

public sealed class VarIntTests
{
    public static TheoryData<uint, int> Boundaries => new()
    {
        { 0u, 1 }, { 1u, 1 }, { 127u, 1 },
        { 128u, 2 }, { 16383u, 2 },
        { 16384u, 3 }, { (1u << 21) - 1, 3 },
        { 1u << 21, 4 }, { (1u << 28) - 1, 4 },
        { 1u << 28, 5 }, { uint.MaxValue, 5 },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void RoundTripsAtLengthBoundaries(uint value, int expectedLength)
    {
        Span<byte> buffer = stackalloc byte[VarInt.MaxLength + 3];
        buffer.Fill(0xEE);
        int written = VarInt.Write(buffer, value);
        Assert.Equal(expectedLength, written);
        Assert.Equal(expectedLength, VarInt.SizeOf(value));
        Assert.Equal(0xEE, buffer[written]); // nothing written past the reported length
        Assert.Equal(written, VarInt.TryRead(buffer, out uint read));
        Assert.Equal(value, read);
    }

    [Fact]
    public void RoundTripsRandomValues()
    {
        var random = new Random(42);
        byte[] buffer = new byte[VarInt.MaxLength];
        for (int i = 0; i < 20000; i++)
        {
            uint value = (uint)random.NextInt64(0, 1L << 32) >> random.Next(0, 32);
            int written = VarInt.Write(buffer, value);
            Assert.Equal(VarInt.SizeOf(value), written);
            Assert.Equal(written, VarInt.TryRead(buffer.AsSpan(0, written), out uint read));
            Assert.Equal(value, read);
        }
    }

    [Fact]
    public void ReadsOnlyTheFirstOfConsecutiveValues()
    {
        byte[] buffer = new byte[16];
        int a = VarInt.Write(buffer, 300);
        int b = VarInt.Write(buffer.AsSpan(a), 5);
        Assert.Equal(a, VarInt.TryRead(buffer, out uint first));
        Assert.Equal(300u, first);
        Assert.Equal(b, VarInt.TryRead(buffer.AsSpan(a), out uint second));
        Assert.Equal(5u, second);
    }

    [Fact]
    public void EmptyInputIsRejected()
    {
        Assert.Equal(0, VarInt.TryRead(ReadOnlySpan<byte>.Empty, out _));
    }

    [Theory]
    [InlineData(128u)]
    [InlineData(1u << 20)]
    [InlineData(uint.MaxValue)]
    public void EveryTruncationIsRejected(uint value)
    {
        byte[] buffer = new byte[VarInt.MaxLength];
        int written = VarInt.Write(buffer, value);
        for (int length = 0; length < written; length++)
            Assert.Equal(0, VarInt.TryRead(buffer.AsSpan(0, length), out _));
    }

    [Fact]
    public void MoreThanFiveContinuationBytesIsRejected()
    {
        byte[] endless = [0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        Assert.Equal(0, VarInt.TryRead(endless, out _));
        byte[] allContinuation = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Equal(0, VarInt.TryRead(allContinuation, out _));
    }

    [Theory]
    [InlineData(0x10)] // bit 32
    [InlineData(0x7F)] // bits 32..34
    [InlineData(0x20)]
    public void FifthByteWithBitsBeyond32IsRejected(byte fifth)
    {
        // A uint needs only the low 4 bits of the fifth byte. Higher bits encode a value that does not
        // fit, so the input is malformed; accepting it would silently decode a different (truncated) value.
        byte[] overflowing = [0x85, 0x80, 0x80, 0x80, fifth];
        Assert.Equal(0, VarInt.TryRead(overflowing, out _));
    }

    [Fact]
    public void FifthByteWithOnlyTheLowFourBitsIsAccepted()
    {
        byte[] max = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        Assert.Equal(5, VarInt.TryRead(max, out uint value));
        Assert.Equal(uint.MaxValue, value);
    }
}
