using System.Buffers.Binary;
using Lightning.Data.Catalog;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>Builds and takes apart secondary-index entries (layout in docs/formats/sql.md).</summary>
internal static class IndexKeys
{
    /// <summary>The index entry (key, value) for a row with column values <paramref name="columns"/> and stored key <paramref name="rowKey"/>.</summary>
    public static (byte[] Key, byte[] Value) Entry(IndexSchema index, TableSchema table, ReadOnlySpan<SqlValue> columns, byte[] rowKey)
    {
        var builder = new KeyBuilder(stackalloc byte[256]);
        try
        {
            Span<byte> id = builder.Reserve(4);
            BinaryPrimitives.WriteUInt32BigEndian(id, index.Id);
            bool hasNull = false;
            for (int i = 0; i < index.Columns.Length; i++)
            {
                SqlValue value = columns[table.IndexOf(index.Columns[i])];
                hasNull |= value.IsNull;
                KeyEncoder.Write(ref builder, value, index.Descending[i]);
            }
            ReadOnlySpan<byte> primaryKey = rowKey.AsSpan(4);
            if (index.Unique && !hasNull) return (builder.ToArray(), primaryKey.ToArray());
            // Non-unique entries (and unique ones holding a NULL, which never conflicts) carry the primary key in the key.
            builder.Append(primaryKey);
            return (builder.ToArray(), []);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>The table key an index entry points at.</summary>
    public static byte[] RowKeyOf(byte[] indexKey, byte[] indexValue, int columnCount, bool[] descending, byte[] tablePrefix)
    {
        ReadOnlySpan<byte> primaryKey = PrimaryKeyOf(indexKey, indexValue, columnCount, descending);
        byte[] rowKey = new byte[4 + primaryKey.Length];
        tablePrefix.CopyTo(rowKey, 0);
        primaryKey.CopyTo(rowKey.AsSpan(4));
        return rowKey;
    }

    /// <summary>
    /// Writes the table key an index entry points at into <paramref name="buffer"/> (grown when too short) and returns its
    /// length: a scan that looks up row after row reuses one buffer instead of allocating a key per entry.
    /// </summary>
    public static int WriteRowKey(ReadOnlySpan<byte> indexKey, ReadOnlySpan<byte> indexValue, int columnCount, bool[] descending, byte[] tablePrefix, ref byte[] buffer)
    {
        ReadOnlySpan<byte> primaryKey = PrimaryKeyOf(indexKey, indexValue, columnCount, descending);
        int length = 4 + primaryKey.Length;
        if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
        tablePrefix.CopyTo(buffer, 0);
        primaryKey.CopyTo(buffer.AsSpan(4));
        return length;
    }

    /// <summary>The primary-key part of an index entry: the key's remainder after the indexed columns, or the value.</summary>
    private static ReadOnlySpan<byte> PrimaryKeyOf(ReadOnlySpan<byte> indexKey, ReadOnlySpan<byte> indexValue, int columnCount, bool[] descending)
    {
        int offset = 4;
        try
        {
            for (int i = 0; i < columnCount; i++) KeyEncoder.Skip(indexKey, ref offset, descending[i]);
        }
        catch (IndexOutOfRangeException e)
        {
            throw new InvalidDataException("A stored index entry is truncated.", e);
        }
        return offset < indexKey.Length ? indexKey[offset..] : indexValue;
    }
}
