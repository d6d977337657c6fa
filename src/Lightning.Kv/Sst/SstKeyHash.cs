using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lightning.Kv.Sst;

/// <summary>
/// A fast 64-bit hash of key bytes for the bloom filter: eight bytes per multiply-rotate round, a 4-byte and a
/// byte-wise tail, and a final avalanche so that every input bit affects both 32-bit halves (the filter uses the
/// halves as its two double-hashing functions). Its output is part of the file format (docs/formats/sst.md):
/// changing it requires a new format version.
/// </summary>
internal static class SstKeyHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

    /// <summary>The hash of <paramref name="key"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> key)
    {
        ulong hash = Prime5 + (ulong)key.Length;
        int i = 0;
        for (; i + 8 <= key.Length; i += 8)
        {
            hash ^= Round(BinaryPrimitives.ReadUInt64LittleEndian(key[i..]));
            hash = BitOperations.RotateLeft(hash, 27) * Prime1 + Prime4;
        }
        if (i + 4 <= key.Length)
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(key[i..]) * Prime1;
            hash = BitOperations.RotateLeft(hash, 23) * Prime2 + Prime3;
            i += 4;
        }
        for (; i < key.Length; i++)
        {
            hash ^= key[i] * Prime5;
            hash = BitOperations.RotateLeft(hash, 11) * Prime1;
        }
        return Avalanche(hash);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong word) => BitOperations.RotateLeft(word * Prime2, 31) * Prime1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        hash ^= hash >> 32;
        return hash;
    }
}
