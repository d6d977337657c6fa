using System.Buffers.Binary;

namespace Lightning.Data.Storage;

/// <summary>
/// The compact row format stored as the value of a table key: a varint slot count, then per slot a tag byte
/// (0 NULL, 1 INTEGER + zig-zag varint, 2 REAL + 8 bytes, 3 TEXT + varint length + UTF-8, 4 BLOB + varint length + bytes).
/// Slots are the table's non-key columns in the order they were added; rows written before an
/// <c>ALTER TABLE ADD COLUMN</c> simply have fewer slots. Layout reference: docs/formats/sql.md.
/// </summary>
internal static class RowCodec
{
    private const byte NullTag = 0, IntegerTag = 1, RealTag = 2, TextTag = 3, BlobTag = 4;

    /// <summary>Encodes one value per storage slot: slot <c>s</c> holds <paramref name="columns"/>[<paramref name="slotColumns"/>[s]]
    /// (NULL where that is -1, a slot no column uses any more), so the row is encoded without first gathering its slots.</summary>
    public static void Write(ref KeyBuilder builder, ReadOnlySpan<SqlValue> columns, ReadOnlySpan<int> slotColumns)
    {
        WriteVarUInt(ref builder, (ulong)slotColumns.Length);
        foreach (int column in slotColumns)
        {
            SqlValue value = column >= 0 ? columns[column] : SqlValue.Null;
            switch (value.Type)
            {
                case SqlType.Null:
                    builder.Append(NullTag);
                    break;
                case SqlType.Integer:
                    builder.Append(IntegerTag);
                    long v = value.Integer;
                    WriteVarUInt(ref builder, (ulong)((v << 1) ^ (v >> 63)));
                    break;
                case SqlType.Real:
                    builder.Append(RealTag);
                    BinaryPrimitives.WriteDoubleLittleEndian(builder.Reserve(8), value.Real);
                    break;
                case SqlType.Text:
                {
                    builder.Append(TextTag);
                    string text = value.Text;
                    int length = System.Text.Encoding.UTF8.GetByteCount(text);
                    WriteVarUInt(ref builder, (ulong)length);
                    System.Text.Encoding.UTF8.GetBytes(text, builder.Reserve(length));
                    break;
                }
                default:
                    builder.Append(BlobTag);
                    WriteVarUInt(ref builder, (ulong)value.Blob.Length);
                    builder.Append(value.Blob);
                    break;
            }
        }
    }

    /// <summary>Decodes slot values into <paramref name="destination"/> at the positions <paramref name="slotTargets"/> gives
    /// (slotTargets[slot] = destination index, -1 = not wanted); slots the row lacks get <paramref name="defaults"/>.</summary>
    public static void Read(ReadOnlySpan<byte> row, ReadOnlySpan<int> slotTargets, Span<SqlValue> destination, ReadOnlySpan<SqlValue> defaults)
    {
        int offset = 0;
        int count = (int)ReadVarUInt(row, ref offset);
        int slot = 0;
        for (; slot < count; slot++)
        {
            int target = slot < slotTargets.Length ? slotTargets[slot] : -1;
            byte tag = row[offset++];
            switch (tag)
            {
                case NullTag:
                    if (target >= 0) destination[target] = SqlValue.Null;
                    break;
                case IntegerTag:
                {
                    ulong zig = ReadVarUInt(row, ref offset);
                    if (target >= 0) destination[target] = SqlValue.FromInteger((long)(zig >> 1) ^ -(long)(zig & 1));
                    break;
                }
                case RealTag:
                    if (target >= 0) destination[target] = SqlValue.FromReal(BinaryPrimitives.ReadDoubleLittleEndian(row.Slice(offset, 8)));
                    offset += 8;
                    break;
                case TextTag:
                {
                    int length = (int)ReadVarUInt(row, ref offset);
                    if (target >= 0) destination[target] = SqlValue.FromText(System.Text.Encoding.UTF8.GetString(row.Slice(offset, length)));
                    offset += length;
                    break;
                }
                case BlobTag:
                {
                    int length = (int)ReadVarUInt(row, ref offset);
                    if (target >= 0) destination[target] = SqlValue.FromBlob(row.Slice(offset, length).ToArray());
                    offset += length;
                    break;
                }
                default:
                    throw new InvalidDataException($"Unknown row value tag {tag}.");
            }
        }
        for (; slot < slotTargets.Length; slot++)
        {
            int target = slotTargets[slot];
            if (target >= 0) destination[target] = slot < defaults.Length ? defaults[slot] : SqlValue.Null;
        }
    }

    private static void WriteVarUInt(ref KeyBuilder builder, ulong value)
    {
        while (value >= 0x80)
        {
            builder.Append((byte)(value | 0x80));
            value >>= 7;
        }
        builder.Append((byte)value);
    }

    private static ulong ReadVarUInt(ReadOnlySpan<byte> data, ref int offset)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[offset++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Malformed varint in a row.");
    }
}
