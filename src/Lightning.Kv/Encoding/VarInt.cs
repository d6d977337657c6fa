namespace Lightning.Kv.Encoding;

/// <summary>LEB128 unsigned variable-length integers (1–5 bytes for a uint).</summary>
internal static class VarInt
{
    public const int MaxLength = 5;

    public static int Write(Span<byte> destination, uint value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static int SizeOf(uint value)
    {
        int n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    /// <summary>Reads a varint; returns the bytes consumed, or 0 when the input is truncated or malformed.</summary>
    public static int TryRead(ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        int shift = 0;
        for (int i = 0; i < source.Length && i < MaxLength; i++)
        {
            uint b = source[i];
            if (i == MaxLength - 1 && b > 0x0F) return 0; // bits beyond 32: not a uint
            value |= (b & 0x7F) << shift;
            if (b < 0x80) return i + 1;
            shift += 7;
        }
        return 0;
    }
}
