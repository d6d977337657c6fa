using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Lightning.Kv.Encoding;

/// <summary>
/// The 8-byte key prefix that tree pages keep per entry for SIMD search: the key's first 8 bytes read as a
/// big-endian unsigned integer, zero-padded when the key is shorter. Unsigned order of prefixes agrees with
/// key order (a &lt; b ⇒ prefix(a) ≤ prefix(b)), but equal prefixes do not mean equal keys — zero padding is
/// indistinguishable from real zero bytes, and keys may differ after byte 8 — so ties need the full key.
/// </summary>
internal static class KeyPrefix
{
    /// <summary>Bytes of key a prefix covers.</summary>
    public const int Length = 8;

    /// <summary>The prefix of <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ReadOnlySpan<byte> key)
    {
        if (key.Length >= Length) return BinaryPrimitives.ReadUInt64BigEndian(key);
        return OfShortKey(key);
    }

    private static ulong OfShortKey(ReadOnlySpan<byte> key)
    {
        Span<byte> padded = stackalloc byte[Length];
        padded.Clear();
        key.CopyTo(padded);
        return BinaryPrimitives.ReadUInt64BigEndian(padded);
    }
}
