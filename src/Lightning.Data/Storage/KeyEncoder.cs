using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Lightning.Data.Storage;

/// <summary>
/// Order-preserving encoding of key parts (the FoundationDB tuple-layer idea): the byte order of encoded keys is
/// the SQL order of the values, so <c>ORDER BY pk</c> is key order and a predicate on a key prefix is one range.
/// Each part is a tag byte (NULL &lt; INTEGER &lt; REAL &lt; TEXT &lt; BLOB) and a payload; TEXT and BLOB escape 0x00 as
/// 0x00 0xFF and end with 0x00, so every part is prefix-free and a descending part is the part with every byte inverted.
/// Layout reference: docs/formats/sql.md.
/// </summary>
internal static class KeyEncoder
{
    public const byte NullTag = 0x01;
    public const byte IntegerTag = 0x02;
    public const byte RealTag = 0x03;
    public const byte TextTag = 0x04;
    public const byte BlobTag = 0x05;

    /// <summary>Appends the 4-byte big-endian key-space id that starts every key of a table or index.</summary>
    public static void WriteKeySpace(ref KeyBuilder builder, uint keySpaceId) =>
        BinaryPrimitives.WriteUInt32BigEndian(builder.Reserve(4), keySpaceId);

    /// <summary>Appends one key part, inverted when <paramref name="descending"/>.</summary>
    public static void Write(ref KeyBuilder builder, in SqlValue value, bool descending)
    {
        int start = builder.Length;
        switch (value.Type)
        {
            case SqlType.Null:
                builder.Append(NullTag);
                break;
            case SqlType.Integer:
            {
                Span<byte> span = builder.Reserve(9);
                span[0] = IntegerTag;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)value.Integer ^ 0x8000_0000_0000_0000UL);
                break;
            }
            case SqlType.Real:
            {
                Span<byte> span = builder.Reserve(9);
                span[0] = RealTag;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], SortableDoubleBits(value.Real));
                break;
            }
            case SqlType.Text:
                builder.Append(TextTag);
                WriteEscapedUtf8(ref builder, value.Text);
                break;
            default:
                builder.Append(BlobTag);
                WriteEscaped(ref builder, value.Blob);
                break;
        }
        if (descending) Invert(builder.WrittenSpan[start..]);
    }

    /// <summary>Reads one key part starting at <paramref name="offset"/>, advancing it.</summary>
    public static SqlValue Read(ReadOnlySpan<byte> key, ref int offset, bool descending)
    {
        byte tag = descending ? (byte)~key[offset] : key[offset];
        offset++;
        switch (tag)
        {
            case NullTag:
                return SqlValue.Null;
            case IntegerTag:
            {
                ulong raw = BinaryPrimitives.ReadUInt64BigEndian(key.Slice(offset, 8));
                if (descending) raw = ~raw;
                offset += 8;
                return SqlValue.FromInteger((long)(raw ^ 0x8000_0000_0000_0000UL));
            }
            case RealTag:
            {
                ulong raw = BinaryPrimitives.ReadUInt64BigEndian(key.Slice(offset, 8));
                if (descending) raw = ~raw;
                offset += 8;
                return SqlValue.FromReal(DoubleFromSortableBits(raw));
            }
            case TextTag:
                return SqlValue.FromText(System.Text.Encoding.UTF8.GetString(ReadEscaped(key, ref offset, descending)));
            case BlobTag:
                return SqlValue.FromBlob(ReadEscaped(key, ref offset, descending));
            default:
                throw new InvalidDataException($"Unknown key part tag 0x{tag:X2}.");
        }
    }

    /// <summary>Skips one key part.</summary>
    public static void Skip(ReadOnlySpan<byte> key, ref int offset, bool descending)
    {
        byte tag = descending ? (byte)~key[offset] : key[offset];
        offset++;
        if (tag is IntegerTag or RealTag)
        {
            offset += 8;
            return;
        }
        if (tag is TextTag or BlobTag) SkipEscaped(key, ref offset, descending);
    }

    /// <summary>The smallest byte string greater than every string starting with <paramref name="prefix"/>; null when none exists.</summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        int length = prefix.Length;
        while (length > 0 && prefix[length - 1] == 0xFF) length--;
        if (length == 0) return null;
        byte[] end = prefix[..length].ToArray();
        end[length - 1]++;
        return end;
    }

    private static ulong SortableDoubleBits(double value)
    {
        if (value == 0) value = 0; // -0.0 sorts as 0.0
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    private static double DoubleFromSortableBits(ulong raw) =>
        BitConverter.Int64BitsToDouble((long)((raw & 0x8000_0000_0000_0000UL) != 0 ? raw & 0x7FFF_FFFF_FFFF_FFFFUL : ~raw));

    private static void WriteEscapedUtf8(ref KeyBuilder builder, string text)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 512)
        {
            Span<byte> scratch = stackalloc byte[max];
            int written = System.Text.Encoding.UTF8.GetBytes(text, scratch);
            WriteEscaped(ref builder, scratch[..written]);
            return;
        }
        WriteEscaped(ref builder, System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static void WriteEscaped(ref KeyBuilder builder, scoped ReadOnlySpan<byte> bytes)
    {
        int zero = bytes.IndexOf((byte)0);
        while (zero >= 0)
        {
            builder.Append(bytes[..zero]);
            builder.Append(0x00);
            builder.Append(0xFF);
            bytes = bytes[(zero + 1)..];
            zero = bytes.IndexOf((byte)0);
        }
        builder.Append(bytes);
        builder.Append(0x00);
    }

    private static byte[] ReadEscaped(ReadOnlySpan<byte> key, ref int offset, bool descending)
    {
        int start = offset;
        SkipEscaped(key, ref start, descending);
        // start now points past the terminator; unescape [offset, start - 1).
        ReadOnlySpan<byte> raw = key[offset..(start - 1)];
        offset = start;
        byte[] result = new byte[raw.Length - CountEscapes(raw, descending)];
        int w = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = descending ? (byte)~raw[i] : raw[i];
            result[w++] = b;
            if (b == 0) i++; // skip the escape byte
        }
        return result;
    }

    private static int CountEscapes(ReadOnlySpan<byte> raw, bool descending) =>
        raw.Count(descending ? (byte)0xFF : (byte)0x00);

    /// <summary>Moves past an escaped, terminated TEXT/BLOB payload.</summary>
    private static void SkipEscaped(ReadOnlySpan<byte> key, ref int offset, bool descending)
    {
        byte end = descending ? (byte)0xFF : (byte)0x00;
        byte escape = descending ? (byte)0x00 : (byte)0xFF;
        while (true)
        {
            if (offset >= key.Length) throw new InvalidDataException("Unterminated key part.");
            byte b = key[offset++];
            if (b != end) continue;
            if (offset < key.Length && key[offset] == escape)
            {
                offset++;
                continue;
            }
            return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invert(Span<byte> span)
    {
        for (int i = 0; i < span.Length; i++) span[i] = (byte)~span[i];
    }
}
