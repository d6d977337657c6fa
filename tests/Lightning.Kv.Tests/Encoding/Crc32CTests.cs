using Lightning.Kv.Encoding;

namespace Lightning.Kv.Tests.Encoding;

public sealed class Crc32CTests
{
    [Fact]
    public void KnownVector_123456789()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Rfc3720Vectors()
    {
        // iSCSI (RFC 3720, B.4) test vectors for CRC-32C.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void EmptyInputIsZero()
    {
        Assert.Equal(0u, Crc32C.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void IncrementalUpdateEqualsOneShotAtEverySplit()
    {
        var random = new Random(1234);
        byte[] data = new byte[203];
        random.NextBytes(data);
        uint expected = Crc32C.Compute(data);
        for (int split = 0; split <= data.Length; split++)
        {
            uint state = Crc32C.Update(0xFFFFFFFFu, data.AsSpan(0, split));
            state = Crc32C.Update(state, data.AsSpan(split));
            Assert.Equal(expected, ~state);
        }
    }

    [Fact]
    public void IncrementalUpdateInManySmallPiecesEqualsOneShot()
    {
        var random = new Random(99);
        byte[] data = new byte[5000];
        random.NextBytes(data);
        uint state = 0xFFFFFFFFu;
        int at = 0;
        while (at < data.Length)
        {
            int n = Math.Min(random.Next(0, 20), data.Length - at);
            state = Crc32C.Update(state, data.AsSpan(at, n));
            at += n;
        }
        Assert.Equal(Crc32C.Compute(data), ~state);
    }

    [Fact]
    public void EverySingleBitFlipChangesTheChecksum()
    {
        byte[] data = new byte[64];
        new Random(7).NextBytes(data);
        uint original = Crc32C.Compute(data);
        for (int bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(original, Crc32C.Compute(data));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
        Assert.Equal(original, Crc32C.Compute(data));
    }

    [Fact]
    public void MatchesBitwiseReferenceImplementation()
    {
        var random = new Random(5);
        for (int length = 0; length < 70; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), Crc32C.Compute(data));
        }
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }
}
