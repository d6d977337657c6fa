using Lightning.Data.Storage;

namespace Lightning.Data;

public sealed partial class LightningDataReader
{
    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>The value as long, double, string, byte[] or <see cref="DBNull.Value"/>.</summary>
    public override object GetValue(int ordinal)
    {
        SqlValue value = Value(ordinal);
        if (value.IsNull) return DBNull.Value;
        Type? declared = DeclaredTypes.ClrType(Declared(ordinal));
        if (declared is null || declared == SqlValueReader.ClrType(value.Type)) return value.ToObject();
        try
        {
            return SqlValueReader.Convert(value, declared);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            return value.ToObject(); // a value that does not fit its declared type is returned as stored
        }
    }

    private DeclaredType Declared(int ordinal) => _declared[ordinal];

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_current is null || !_hasRow) throw new InvalidOperationException("No current row: call Read() and check that it returned true.");
        int count = Math.Min(values.Length, FieldCount);
        for (int i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => Value(ordinal).IsNull;

    /// <inheritdoc />
    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<bool>(cancellationToken) : Task.FromResult(IsDBNull(ordinal));

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => SqlValueReader.GetBoolean(NotNull(ordinal, typeof(bool)));

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => checked((byte)SqlValueReader.GetInt64(NotNull(ordinal, typeof(byte))));

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => checked((short)SqlValueReader.GetInt64(NotNull(ordinal, typeof(short))));

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => checked((int)SqlValueReader.GetInt64(NotNull(ordinal, typeof(int))));

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => SqlValueReader.GetInt64(NotNull(ordinal, typeof(long)));

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => (float)SqlValueReader.GetDouble(NotNull(ordinal, typeof(float)));

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => SqlValueReader.GetDouble(NotNull(ordinal, typeof(double)));

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => SqlValueReader.GetDecimal(NotNull(ordinal, typeof(decimal)));

    /// <inheritdoc />
    public override string GetString(int ordinal) => SqlValueReader.GetString(NotNull(ordinal, typeof(string)));

    /// <inheritdoc />
    public override char GetChar(int ordinal) => (char)SqlValueReader.Convert(NotNull(ordinal, typeof(char)), typeof(char));

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => SqlValueReader.GetGuid(NotNull(ordinal, typeof(Guid)));

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => SqlValueReader.GetDateTime(NotNull(ordinal, typeof(DateTime)));

    /// <summary>Reads a TEXT value as a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal) => SqlValueReader.GetDateTimeOffset(NotNull(ordinal, typeof(DateTimeOffset)));

    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal)
    {
        SqlValue value = Value(ordinal);
        if (!value.IsNull) Check(ordinal, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
        return SqlValueReader.Get<T>(value);
    }

    /// <inheritdoc />
    public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<T>(cancellationToken) : Task.FromResult(GetFieldValue<T>(ordinal));

    /// <inheritdoc />
    public override Stream GetStream(int ordinal)
    {
        SqlValue value = NotNull(ordinal, typeof(Stream));
        if (value.Type != SqlType.Blob) throw new InvalidOperationException($"GetStream reads BLOB values; column {ordinal} holds {value.Type.ToString().ToUpperInvariant()}.");
        return new MemoryStream(value.Blob, writable: false);
    }

    /// <inheritdoc />
    public override TextReader GetTextReader(int ordinal)
    {
        SqlValue value = NotNull(ordinal, typeof(TextReader));
        if (value.Type != SqlType.Text) throw new InvalidOperationException($"GetTextReader reads TEXT values; column {ordinal} holds {value.Type.ToString().ToUpperInvariant()}.");
        return new StringReader(value.Text);
    }

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        byte[] blob = SqlValueReader.GetBlob(NotNull(ordinal, typeof(byte[])));
        if (buffer is null) return blob.Length;
        if (dataOffset < 0) throw new ArgumentOutOfRangeException(nameof(dataOffset));
        if (bufferOffset < 0 || bufferOffset > buffer.Length) throw new ArgumentOutOfRangeException(nameof(bufferOffset));
        if (dataOffset >= blob.Length) return 0;
        int count = (int)Math.Min(length, blob.Length - dataOffset);
        Array.Copy(blob, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        string text = GetString(ordinal);
        if (buffer is null) return text.Length;
        if (dataOffset < 0) throw new ArgumentOutOfRangeException(nameof(dataOffset));
        if (bufferOffset < 0 || bufferOffset > buffer.Length) throw new ArgumentOutOfRangeException(nameof(bufferOffset));
        if (dataOffset >= text.Length) return 0;
        int count = (int)Math.Min(length, text.Length - dataOffset);
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    private void Check(int ordinal, Type type)
    {
        DeclaredType declared = Declared(ordinal);
        // The column's own type (a DATETIME read as DateTime, TEXT as string…) is always allowed: skip the general rules.
        if (declared == DeclaredType.None || DeclaredTypes.ClrType(declared) == type) return;
        if (!DeclaredTypes.Allows(declared, type))
            throw new InvalidCastException($"Column '{GetName(ordinal)}' is declared {_current!.Columns[ordinal].DeclaredType}; it cannot be read as {type.Name}.");
    }

    private SqlValue NotNull(int ordinal, Type type)
    {
        SqlValue value = Value(ordinal);
        if (!value.IsNull) Check(ordinal, type);
        if (value.IsNull) throw new InvalidCastException($"Column {ordinal} is NULL; it cannot be read as {type.Name}. Check IsDBNull first.");
        return value;
    }
}
