using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Numerics;

namespace Lightning.Kv.Encoding;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated through <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
internal static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    /// <summary>Continues a raw (non-inverted) CRC state; start with 0xFFFFFFFF and invert the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: see docs/architecture.md, "Warm from the start"
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++)
            state = BitOperations.Crc32C(state, data[i]);
        return state;
    }
}
