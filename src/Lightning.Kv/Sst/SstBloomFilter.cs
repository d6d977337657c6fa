using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Lightning.Kv.Sst;

/// <summary>
/// The bloom filter over every key of a run, loaded at open. Block contents: u32 bit count (a multiple of 64), u8
/// probe count, 3 reserved zero bytes, then the bits (bit i is bit i % 8 of byte i / 8). Probe j of a key sets bit
/// ⌊(h1 + j·h2 mod 2³²) · bits / 2³²⌋, where h1 and h2 are the low and high halves of <see cref="SstKeyHash"/>
/// (Kirsch–Mitzenmacher double hashing; the multiply-shift maps a 32-bit value onto the bit range without a division).
/// </summary>
internal sealed class SstBloomFilter
{
    /// <summary>Size of the header in front of the bits.</summary>
    public const int HeaderSize = 8;

    private readonly byte[] _bits;
    private readonly ulong _bitCount;
    private readonly int _probes;

    private SstBloomFilter(byte[] bits, ulong bitCount, int probes)
    {
        _bits = bits;
        _bitCount = bitCount;
        _probes = probes;
    }

    /// <summary>Number of bits.</summary>
    public ulong BitCount => _bitCount;

    /// <summary>Number of probes per key.</summary>
    public int Probes => _probes;

    /// <summary>False when <paramref name="key"/> is certainly not in the run; true when it may be.</summary>
    public bool MayContain(ReadOnlySpan<byte> key) => MayContainHash(SstKeyHash.Compute(key));

    /// <summary><see cref="MayContain"/> for a key whose hash is already known.</summary>
    public bool MayContainHash(ulong hash)
    {
        uint h = (uint)hash;
        uint delta = (uint)(hash >> 32);
        for (int j = 0; j < _probes; j++)
        {
            ulong bit = BitFor(h, _bitCount);
            if ((_bits[bit >> 3] & (1 << (int)(bit & 7))) == 0) return false;
            h += delta;
        }
        return true;
    }

    /// <summary>The number of probes for <paramref name="bitsPerKey"/>: bits·ln 2 minimises false positives, kept to 1–30.</summary>
    public static int ProbesFor(int bitsPerKey) => Math.Clamp((int)Math.Round(bitsPerKey * 0.69314718), 1, 30);

    /// <summary>Builds the block contents for the key hashes <paramref name="hashes"/>.</summary>
    public static byte[] Build(ReadOnlySpan<ulong> hashes, int bitsPerKey)
    {
        ulong bitCount = Math.Max(64, ((ulong)hashes.Length * (ulong)bitsPerKey + 63) / 64 * 64);
        if (bitCount > uint.MaxValue - 63) bitCount = (uint.MaxValue / 64) * 64UL; // the u32 field's limit; more keys just raise the FP rate
        int probes = ProbesFor(bitsPerKey);
        byte[] block = new byte[HeaderSize + (int)(bitCount / 8)];
        BinaryPrimitives.WriteUInt32LittleEndian(block, (uint)bitCount);
        block[4] = (byte)probes;
        Span<byte> bits = block.AsSpan(HeaderSize);
        foreach (ulong hash in hashes)
        {
            uint h = (uint)hash;
            uint delta = (uint)(hash >> 32);
            for (int j = 0; j < probes; j++)
            {
                ulong bit = BitFor(h, bitCount);
                bits[(int)(bit >> 3)] |= (byte)(1 << (int)(bit & 7));
                h += delta;
            }
        }
        return block;
    }

    /// <summary>Decodes the block contents (kept as they are: the filter reads its bits in place).</summary>
    public static SstBloomFilter Decode(byte[] contents, int length, string path, long blockOffset)
    {
        if (length < HeaderSize + 8) Throw.Corrupt(path, blockOffset, "bloom filter block is too short");
        ulong bitCount = BinaryPrimitives.ReadUInt32LittleEndian(contents);
        int probes = contents[4];
        if (bitCount == 0 || bitCount % 64 != 0 || (ulong)(length - HeaderSize) != bitCount / 8 || probes < 1 || probes > 30)
            Throw.Corrupt(path, blockOffset, $"bloom filter header is malformed ({bitCount} bits, {probes} probes, {length} bytes)");
        byte[] bits = contents.AsSpan(HeaderSize, length - HeaderSize).ToArray();
        return new SstBloomFilter(bits, bitCount, probes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitFor(uint h, ulong bitCount) => (h * bitCount) >> 32;
}
