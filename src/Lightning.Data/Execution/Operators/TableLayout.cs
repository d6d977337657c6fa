using System.Buffers.Binary;
using Lightning.Data.Catalog;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>
/// How one table's rows map to and from storage: key encoding of the primary key (or hidden rowid), which frame slot
/// each decoded column lands in, and slot defaults for rows written before ALTER TABLE ADD COLUMN.
/// </summary>
internal sealed class TableLayout
{
    private readonly int[] _slotTargets;
    private readonly int[] _slotColumns; // slot → column ordinal (-1: no column uses the slot)

    public TableLayout(TableSchema table, int baseSlot, SqlValue[] slotDefaults)
    {
        Table = table;
        BaseSlot = baseSlot;
        SlotDefaults = slotDefaults;
        KeyOrdinals = new int[table.KeyColumns.Length];
        for (int i = 0; i < KeyOrdinals.Length; i++) KeyOrdinals[i] = table.IndexOf(table.KeyColumns[i]);
        _slotTargets = new int[table.SlotCount];
        _slotColumns = new int[table.SlotCount];
        Array.Fill(_slotTargets, -1);
        Array.Fill(_slotColumns, -1);
        for (int c = 0; c < table.Columns.Length; c++)
        {
            if (table.Columns[c].Slot < 0) continue;
            _slotTargets[table.Columns[c].Slot] = baseSlot + c;
            _slotColumns[table.Columns[c].Slot] = c;
        }
        Prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(Prefix, table.Id);
        PrefixEnd = KeyEncoder.PrefixEnd(Prefix)!;
    }

    public TableSchema Table { get; }
    public int BaseSlot { get; }
    public int[] KeyOrdinals { get; }
    public SqlValue[] SlotDefaults { get; }
    public int Width => Table.Columns.Length;

    /// <summary>The 4-byte key-space prefix and its exclusive end.</summary>
    public byte[] Prefix { get; }
    public byte[] PrefixEnd { get; }

    /// <summary>Decodes a stored row into <paramref name="row"/> at <see cref="BaseSlot"/>.</summary>
    /// <exception cref="InvalidDataException">The stored key or row is malformed (truncated or with an unknown tag).</exception>
    public void Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SqlValue[] row)
    {
        try
        {
            int offset = 4;
            for (int i = 0; i < KeyOrdinals.Length; i++)
                row[BaseSlot + KeyOrdinals[i]] = KeyEncoder.Read(key, ref offset, Table.KeyDescending[i]);
            RowCodec.Read(value, _slotTargets, row, SlotDefaults);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // A truncated key or row runs the decoders off the end of the span: report it as malformed data.
            throw new InvalidDataException($"A stored row of table {Table.Name} is truncated.", e);
        }
    }

    /// <summary>
    /// Reads the stored row at <paramref name="key"/> and decodes it into <paramref name="row"/> at <see cref="BaseSlot"/>
    /// straight from the engine's memory (zero-copy: the stored bytes are not copied into a new array first).
    /// </summary>
    /// <returns>False when no row is stored at <paramref name="key"/> (then <paramref name="row"/> is unchanged).</returns>
    public bool TryReadRow(StatementStorage storage, ReadOnlySpan<byte> key, SqlValue[] row) =>
        storage.TryRead(key, new DecodeTarget(this, key, row), static (value, target) => target.Layout.Decode(target.Key, value, target.Row));

    private readonly ref struct DecodeTarget(TableLayout layout, ReadOnlySpan<byte> key, SqlValue[] row)
    {
        public TableLayout Layout { get; } = layout;
        public ReadOnlySpan<byte> Key { get; } = key;
        public SqlValue[] Row { get; } = row;
    }

    /// <summary>Sets every column of this table in <paramref name="row"/> to NULL (the unmatched side of a LEFT JOIN).</summary>
    public void SetNull(SqlValue[] row) => Array.Clear(row, BaseSlot, Width);

    /// <summary>The storage key of a row whose column values are at <paramref name="columns"/>[offset + ordinal]; rowId for hidden-rowid tables.</summary>
    public byte[] EncodeKey(ReadOnlySpan<SqlValue> columns, long rowId)
    {
        var builder = new KeyBuilder(stackalloc byte[256]);
        try
        {
            builder.Append(Prefix);
            if (Table.HasHiddenRowId) KeyEncoder.Write(ref builder, SqlValue.FromInteger(rowId), descending: false);
            else
                for (int i = 0; i < KeyOrdinals.Length; i++)
                    KeyEncoder.Write(ref builder, columns[KeyOrdinals[i]], Table.KeyDescending[i]);
            return builder.ToArray();
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>The stored value of a row (the non-key columns by slot).</summary>
    public byte[] EncodeValue(ReadOnlySpan<SqlValue> columns)
    {
        var builder = new KeyBuilder(stackalloc byte[256]);
        try
        {
            RowCodec.Write(ref builder, columns, _slotColumns);
            return builder.ToArray();
        }
        finally
        {
            builder.Dispose();
        }
    }
}
