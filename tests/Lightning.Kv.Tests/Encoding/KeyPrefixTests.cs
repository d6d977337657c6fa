using System.Runtime.Intrinsics;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Tests.Encoding;

/// <summary><see cref="KeyPrefix"/> values and the vector counts of <see cref="KeyPrefixSearch"/> against a plain loop.</summary>
public sealed class KeyPrefixTests
{
    [Fact]
    public void PrefixIsTheFirstEightBytesBigEndianZeroPadded()
    {
        Assert.Equal(0UL, KeyPrefix.Of(default));
        Assert.Equal(0x6100000000000000UL, KeyPrefix.Of("a"u8));
        Assert.Equal(0x6100000000000000UL, KeyPrefix.Of("a\0"u8)); // padding looks like real zero bytes: a tie
        Assert.Equal(0x0102030405060708UL, KeyPrefix.Of([1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Equal(0x0102030405060708UL, KeyPrefix.Of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])); // only 8 bytes count
        Assert.Equal(ulong.MaxValue, KeyPrefix.Of([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]));
        Assert.Equal(0x8000000000000000UL, KeyPrefix.Of([0x80])); // the sign bit: unsigned order must hold across it
    }

    [Fact]
    public void PrefixOrderNeverContradictsKeyOrder()
    {
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] a = RandomKey(random), b = RandomKey(random);
            int keyOrder = a.AsSpan().SequenceCompareTo(b);
            int prefixOrder = KeyPrefix.Of(a).CompareTo(KeyPrefix.Of(b));
            if (prefixOrder != 0) Assert.Equal(Math.Sign(prefixOrder), Math.Sign(keyOrder));
            if (keyOrder == 0) Assert.Equal(0, prefixOrder);
        }
    }

    [Fact]
    public void EveryCountAgreesWithALinearCountForEveryLengthAndLimit()
    {
        var random = new Random(12);
        ulong[] interesting = [0, 1, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001, ulong.MaxValue - 1, ulong.MaxValue];
        for (int length = 0; length <= 70; length++)
        {
            for (int round = 0; round < 12; round++)
            {
                ulong[] prefixes = new ulong[length];
                for (int i = 0; i < length; i++)
                    prefixes[i] = round % 3 == 0 ? interesting[random.Next(interesting.Length)] : round % 3 == 1 ? (ulong)random.Next(4) << 62 : (ulong)random.NextInt64() * 2 + (ulong)random.Next(2);
                Array.Sort(prefixes);
                var limits = new List<ulong>(interesting);
                foreach (ulong p in prefixes) limits.AddRange([p, p - 1, p + 1]);
                foreach (ulong limit in limits)
                {
                    int expected = 0;
                    foreach (ulong p in prefixes) if (p < limit) expected++;
                    int expectedAtOrBelow = 0;
                    foreach (ulong p in prefixes) if (p <= limit) expectedAtOrBelow++;
                    Assert.Equal(expected, KeyPrefixSearch.CountBelowScalar(prefixes, limit));
                    Assert.Equal(expected, KeyPrefixSearch.CountBelowInWindow(prefixes, limit));
                    Assert.Equal(expected, KeyPrefixSearch.CountBelow(prefixes, limit));
                    Assert.Equal(expectedAtOrBelow, KeyPrefixSearch.CountAtOrBelow(prefixes, limit));
                    if (Vector128.IsHardwareAccelerated) Assert.Equal(expected, KeyPrefixSearch.CountBelowVector128(prefixes, limit));
                    if (Vector256.IsHardwareAccelerated) Assert.Equal(expected, KeyPrefixSearch.CountBelowVector256(prefixes, limit));
                }
            }
        }
    }

    private static byte[] RandomKey(Random random)
    {
        byte[] key = new byte[random.Next(0, 14)];
        // Few distinct byte values, so ties, shared prefixes and zero bytes are common.
        for (int i = 0; i < key.Length; i++) key[i] = (byte)(random.Next(3) switch { 0 => 0, 1 => 0x80, _ => random.Next(256) });
        return key;
    }
}
