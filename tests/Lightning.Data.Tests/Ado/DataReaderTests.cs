using System.Data;
using System.Data.Common;
using Lightning.Data.Execution;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Tests.Ado;

public sealed class DataReaderTests
{
    private static SqlValue I(long v) => SqlValue.FromInteger(v);
    private static SqlValue R(double v) => SqlValue.FromReal(v);
    private static SqlValue T(string v) => SqlValue.FromText(v);
    private static SqlValue B(params byte[] v) => SqlValue.FromBlob(v);

    private static LightningDataReader Reader(params StatementResult[] results) => Reader(CommandBehavior.Default, results);

    private static LightningDataReader Reader(CommandBehavior behavior, params StatementResult[] results) =>
        new(new LightningConnection(), new FakeResults(results), behavior);

    [Fact]
    public void Column_less_results_are_skipped_and_counted()
    {
        FakeStatementResult insert = FakeStatementResult.NonQuery(2), ddl = FakeStatementResult.NonQuery(-1);
        FakeStatementResult first = FakeStatementResult.Single(I(1)), update = FakeStatementResult.NonQuery(3), second = FakeStatementResult.Single(T("x"));
        var results = new FakeResults(insert, ddl, first, update, second);
        using var reader = new LightningDataReader(new LightningConnection(), results, CommandBehavior.Default);
        Assert.Equal(3, results.Executed); // stopped at the first result with columns
        Assert.True(insert.Disposed && ddl.Disposed);
        Assert.Equal(2, reader.RecordsAffected);
        Assert.Equal(1, reader.FieldCount);
        Assert.True(reader.Read());
        Assert.Equal(1L, reader.GetValue(0));
        Assert.True(reader.NextResult());
        Assert.True(first.Disposed);
        Assert.Equal(5, reader.RecordsAffected);
        Assert.True(reader.Read());
        Assert.Equal("x", reader.GetString(0));
        Assert.False(reader.Read());
        Assert.False(reader.NextResult());
        Assert.Equal(0, reader.FieldCount);
        Assert.False(reader.HasRows);
    }

    [Fact]
    public void RecordsAffected_is_minus_one_when_no_rows_change()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.NonQuery(-1), FakeStatementResult.Single(I(1)));
        Assert.Equal(-1, reader.RecordsAffected);
        using LightningDataReader zero = Reader(FakeStatementResult.NonQuery(0));
        Assert.Equal(0, zero.RecordsAffected);
        Assert.Equal(0, zero.FieldCount);
        Assert.False(zero.Read());
    }

    [Fact]
    public void Close_runs_the_remaining_statements_and_disposes()
    {
        FakeStatementResult select = FakeStatementResult.Single(I(1)), update = FakeStatementResult.NonQuery(4), last = FakeStatementResult.Single(I(2));
        var results = new FakeResults(select, update, last);
        var reader = new LightningDataReader(new LightningConnection(), results, CommandBehavior.Default);
        reader.Close();
        Assert.Equal(3, results.Executed);
        Assert.True(select.Disposed && update.Disposed && last.Disposed && results.Disposed);
        Assert.True(reader.IsClosed);
        Assert.Equal(4, reader.RecordsAffected);
        reader.Dispose(); // twice is fine
    }

    [Fact]
    public void HasRows_peeks_without_losing_the_row()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(["a"], [I(1)], [I(2)]));
        Assert.True(reader.HasRows);
        Assert.True(reader.HasRows);
        Assert.True(reader.Read());
        Assert.Equal(1L, reader[0]);
        Assert.True(reader.Read());
        Assert.Equal(2L, reader["a"]);
        Assert.False(reader.Read());
        Assert.True(reader.HasRows);

        using LightningDataReader empty = Reader(FakeStatementResult.Rows(["a"]));
        Assert.False(empty.HasRows);
        Assert.False(empty.Read());
    }

    [Fact]
    public void Value_access_needs_a_current_row()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(["a"], [I(1)]));
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.True(reader.Read());
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetValue(1));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetName(-1));
        Assert.False(reader.Read());
        Assert.Throws<InvalidOperationException>(() => reader.GetInt64(0));
    }

    [Fact]
    public void Closed_reader_throws_InvalidOperation()
    {
        LightningDataReader reader = Reader(FakeStatementResult.Rows(["a"], [I(1)]));
        reader.Read();
        reader.Close();
        Assert.Throws<InvalidOperationException>(() => reader.Read());
        Assert.Throws<InvalidOperationException>(() => reader.NextResult());
        Assert.Throws<InvalidOperationException>(() => reader.FieldCount);
        Assert.Throws<InvalidOperationException>(() => reader.HasRows);
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetName(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetOrdinal("a"));
        Assert.Throws<InvalidOperationException>(() => reader.IsDBNull(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetSchemaTable());
    }

    [Fact]
    public void GetOrdinal_prefers_exact_then_case_insensitive()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(["Name", "name", "Other"], [I(1), I(2), I(3)]));
        Assert.Equal(0, reader.GetOrdinal("Name"));
        Assert.Equal(1, reader.GetOrdinal("name"));
        Assert.Equal(2, reader.GetOrdinal("OTHER"));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetOrdinal("missing"));
        Assert.Equal("Other", reader.GetName(2));
    }

    [Fact]
    public void Field_types_and_type_names()
    {
        var columns = new[]
        {
            new ResultColumn("i") { StorageType = SqlType.Integer },
            new ResultColumn("r") { StorageType = SqlType.Real },
            new ResultColumn("d") { DeclaredType = "VARCHAR(10)" },
            new ResultColumn("b") { DeclaredType = "BLOB" },
            new ResultColumn("e"),
            new ResultColumn("n"),
        };
        using var reader = new LightningDataReader(new LightningConnection(), new FakeResults(new FakeStatementResult(columns, [[I(1), R(1), T("t"), B(1), B(2), SqlValue.Null]])), CommandBehavior.Default);
        Assert.Equal(typeof(string), reader.GetFieldType(4)); // no type known and no row yet
        Assert.Equal("BLOB", reader.GetDataTypeName(4));
        Assert.True(reader.Read());
        Assert.Equal([typeof(long), typeof(double), typeof(string), typeof(byte[]), typeof(byte[]), typeof(string)],
            Enumerable.Range(0, 6).Select(reader.GetFieldType));
        Assert.Equal(["INTEGER", "REAL", "VARCHAR(10)", "BLOB", "BLOB", "BLOB"], Enumerable.Range(0, 6).Select(reader.GetDataTypeName));
        Assert.Equal(6, reader.VisibleFieldCount);
        Assert.Equal(0, reader.Depth);
    }

    [Fact]
    public void Typed_getters()
    {
        Guid g = Guid.NewGuid();
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(
            ["i", "r", "t", "b", "n", "g", "dt", "dto", "dec", "c"],
            [I(300), R(2.5), T("hello"), B(1, 2, 3), SqlValue.Null, T(g.ToString()), T("2024-01-02 03:04:05"), T("2024-01-02 03:04:05+01:00"), T("1.25"), T("z")]));
        Assert.True(reader.Read());
        Assert.Equal(300L, reader.GetInt64(0));
        Assert.Equal(300, reader.GetInt32(0));
        Assert.Equal((short)300, reader.GetInt16(0));
        Assert.Throws<OverflowException>(() => reader.GetByte(0));
        Assert.True(reader.GetBoolean(0));
        Assert.Equal(300d, reader.GetDouble(0));
        Assert.Equal(2.5f, reader.GetFloat(1));
        Assert.Equal(2.5m, reader.GetDecimal(1));
        Assert.Equal("300", reader.GetString(0));
        Assert.Equal("2.5", reader.GetString(1));
        Assert.Equal("hello", reader.GetString(2));
        Assert.Equal("\u0001\u0002\u0003", reader.GetString(3));
        Assert.Throws<InvalidCastException>(() => reader.GetInt64(2));
        Assert.Throws<InvalidCastException>(() => reader.GetString(4));
        Assert.Throws<InvalidCastException>(() => reader.GetInt32(4));
        Assert.True(reader.IsDBNull(4));
        Assert.False(reader.IsDBNull(0));
        Assert.Equal(g, reader.GetGuid(5));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), reader.GetDateTime(6));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), reader.GetDateTimeOffset(7));
        Assert.Equal(1.25m, reader.GetDecimal(8));
        Assert.Equal('z', reader.GetChar(9));
        Assert.Equal(DBNull.Value, reader.GetValue(4));
        var values = new object[12];
        Assert.Equal(10, reader.GetValues(values));
        Assert.Equal(new object[] { 300L, 2.5, "hello" }, values[..3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, values[3]);
        var few = new object[2];
        Assert.Equal(2, reader.GetValues(few));
    }

    [Fact]
    public async Task Async_members()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(["a"], [SqlValue.Null], [I(7)]), FakeStatementResult.Single(I(1)));
        Assert.True(await reader.ReadAsync());
        Assert.True(await reader.IsDBNullAsync(0));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(7, await reader.GetFieldValueAsync<int>(0));
        Assert.True(await reader.NextResultAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync(new CancellationToken(true)));
    }

    [Fact]
    public void GetFieldValue_for_every_type()
    {
        Guid g = Guid.NewGuid();
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(
            ["i", "r", "t", "b", "n", "g", "dt", "date", "time", "span", "enum"],
            [I(65), R(0.5), T("a"), B(4, 5), SqlValue.Null, T(g.ToString()), T("2024-01-02 03:04:05.5"), T("2024-01-02"), T("03:04:05"), T("1.00:00:01"), T("Friday")]));
        Assert.True(reader.Read());
        Assert.Equal(65L, reader.GetFieldValue<long>(0));
        Assert.Equal(65, reader.GetFieldValue<int>(0));
        Assert.Equal((short)65, reader.GetFieldValue<short>(0));
        Assert.Equal((byte)65, reader.GetFieldValue<byte>(0));
        Assert.Equal((sbyte)65, reader.GetFieldValue<sbyte>(0));
        Assert.Equal((ushort)65, reader.GetFieldValue<ushort>(0));
        Assert.Equal(65u, reader.GetFieldValue<uint>(0));
        Assert.Equal(65ul, reader.GetFieldValue<ulong>(0));
        Assert.Equal('A', reader.GetFieldValue<char>(0));
        Assert.True(reader.GetFieldValue<bool>(0));
        Assert.Equal(DayOfWeek.Friday, reader.GetFieldValue<DayOfWeek>(10));
        Assert.Equal((DayOfWeek)65, reader.GetFieldValue<DayOfWeek>(0));
        Assert.Equal(0.5, reader.GetFieldValue<double>(1));
        Assert.Equal(0.5f, reader.GetFieldValue<float>(1));
        Assert.Equal(0.5m, reader.GetFieldValue<decimal>(1));
        Assert.Equal("a", reader.GetFieldValue<string>(2));
        Assert.Equal('a', reader.GetFieldValue<char>(2));
        Assert.Equal(new byte[] { 4, 5 }, reader.GetFieldValue<byte[]>(3));
        Assert.Equal(2, reader.GetFieldValue<Stream>(3).Length);
        Assert.Equal("a", reader.GetFieldValue<TextReader>(2).ReadToEnd());
        Assert.Equal(65L, reader.GetFieldValue<object>(0));
        Assert.Equal(DBNull.Value, reader.GetFieldValue<object>(4));
        Assert.Null(reader.GetFieldValue<int?>(4));
        Assert.Null(reader.GetFieldValue<DateTime?>(4));
        Assert.Equal(65, reader.GetFieldValue<int?>(0));
        Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<int>(4));
        Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<Guid>(4));
        Assert.Equal(g, reader.GetFieldValue<Guid>(5));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, 500), reader.GetFieldValue<DateTime>(6));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 500, TimeSpan.Zero), reader.GetFieldValue<DateTimeOffset>(6));
        Assert.Equal(new DateOnly(2024, 1, 2), reader.GetFieldValue<DateOnly>(7));
        Assert.Equal(new TimeOnly(3, 4, 5), reader.GetFieldValue<TimeOnly>(8));
        Assert.Equal(new TimeSpan(1, 0, 0, 1), reader.GetFieldValue<TimeSpan>(9));
        Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<Guid>(2));
        Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<Uri>(2));
    }

    [Fact]
    public void GetBytes_partial_reads()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(["b"], [B(1, 2, 3, 4, 5)]));
        reader.Read();
        Assert.Equal(5, reader.GetBytes(0, 0, null, 0, 0));
        var buffer = new byte[4];
        Assert.Equal(2, reader.GetBytes(0, 1, buffer, 1, 2));
        Assert.Equal(new byte[] { 0, 2, 3, 0 }, buffer);
        Assert.Equal(2, reader.GetBytes(0, 3, buffer, 0, 4)); // only two left
        Assert.Equal(new byte[] { 4, 5, 3, 0 }, buffer);
        Assert.Equal(0, reader.GetBytes(0, 5, buffer, 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.GetBytes(0, -1, buffer, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.GetBytes(0, 0, buffer, 5, 1));
        using Stream stream = reader.GetStream(0);
        Assert.False(stream.CanWrite);
        Assert.Equal(5, stream.Length);
    }

    [Fact]
    public void GetChars_partial_reads()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(["t", "n"], [T("abcdef"), SqlValue.Null]));
        reader.Read();
        Assert.Equal(6, reader.GetChars(0, 0, null, 0, 0));
        var buffer = new char[4];
        Assert.Equal(3, reader.GetChars(0, 2, buffer, 1, 3));
        Assert.Equal(new[] { '\0', 'c', 'd', 'e' }, buffer);
        Assert.Equal(1, reader.GetChars(0, 5, buffer, 0, 4));
        Assert.Equal('f', buffer[0]);
        Assert.Equal(0, reader.GetChars(0, 6, buffer, 0, 4));
        Assert.Throws<InvalidCastException>(() => reader.GetChars(1, 0, buffer, 0, 1));
        Assert.Throws<InvalidCastException>(() => reader.GetBytes(1, 0, null, 0, 1));
        Assert.Equal("abcdef", reader.GetTextReader(0).ReadToEnd());
    }

    [Fact]
    public void Schema_table_describes_columns()
    {
        var columns = new[]
        {
            new ResultColumn("id") { DeclaredType = "INTEGER", StorageType = SqlType.Integer, BaseTable = "t", BaseColumn = "id", IsKey = true, IsUnique = true, AllowsNull = false, IsAutoIncrement = true },
            new ResultColumn("total") { IsExpression = true, IsAliased = true },
        };
        using var reader = new LightningDataReader(new LightningConnection("Data Source=dir"), new FakeResults(new FakeStatementResult(columns, [])), CommandBehavior.Default);
        DataTable table = reader.GetSchemaTable()!;
        foreach (string name in new[]
        {
            SchemaTableColumn.ColumnName, SchemaTableColumn.ColumnOrdinal, SchemaTableColumn.ColumnSize, SchemaTableColumn.NumericPrecision,
            SchemaTableColumn.NumericScale, SchemaTableColumn.DataType, "DataTypeName", SchemaTableColumn.AllowDBNull, SchemaTableColumn.IsKey,
            SchemaTableColumn.IsUnique, SchemaTableColumn.IsAliased, SchemaTableColumn.IsExpression, SchemaTableColumn.IsLong,
            SchemaTableColumn.BaseTableName, SchemaTableColumn.BaseColumnName, SchemaTableColumn.BaseSchemaName,
            SchemaTableOptionalColumn.BaseCatalogName, SchemaTableOptionalColumn.IsAutoIncrement, SchemaTableOptionalColumn.IsReadOnly,
        })
            Assert.True(table.Columns.Contains(name), name);
        Assert.Equal(2, table.Rows.Count);
        DataRow id = table.Rows[0], total = table.Rows[1];
        Assert.Equal("id", id[SchemaTableColumn.ColumnName]);
        Assert.Equal(0, id[SchemaTableColumn.ColumnOrdinal]);
        Assert.Equal(-1, id[SchemaTableColumn.ColumnSize]);
        Assert.Equal(DBNull.Value, id[SchemaTableColumn.NumericPrecision]);
        Assert.Equal(typeof(long), id[SchemaTableColumn.DataType]);
        Assert.Equal("INTEGER", id["DataTypeName"]);
        Assert.Equal(false, id[SchemaTableColumn.AllowDBNull]);
        Assert.Equal(true, id[SchemaTableColumn.IsKey]);
        Assert.Equal(true, id[SchemaTableColumn.IsUnique]);
        Assert.Equal(true, id[SchemaTableOptionalColumn.IsAutoIncrement]);
        Assert.Equal("t", id[SchemaTableColumn.BaseTableName]);
        Assert.Equal("id", id[SchemaTableColumn.BaseColumnName]);
        Assert.Equal("main", id[SchemaTableColumn.BaseSchemaName]);
        Assert.Equal(false, id[SchemaTableOptionalColumn.IsReadOnly]);
        Assert.Equal(1, total[SchemaTableColumn.ColumnOrdinal]);
        Assert.Equal(true, total[SchemaTableColumn.IsExpression]);
        Assert.Equal(true, total[SchemaTableColumn.IsAliased]);
        Assert.Equal(true, total[SchemaTableColumn.AllowDBNull]);
        Assert.Equal(DBNull.Value, total[SchemaTableColumn.BaseTableName]);

        var schema = reader.GetColumnSchema();
        Assert.Equal("id", schema[0].ColumnName);
        Assert.Equal(typeof(long), schema[0].DataType);
        Assert.True(schema[0].IsKey);
        Assert.False(schema[0].AllowDBNull);
    }

    [Fact]
    public void SingleRow_and_SingleResult()
    {
        using LightningDataReader one = Reader(CommandBehavior.SingleRow, FakeStatementResult.Rows(["a"], [I(1)], [I(2)]), FakeStatementResult.Single(I(3)));
        Assert.True(one.Read());
        Assert.False(one.Read());
        Assert.False(one.NextResult());

        FakeStatementResult update = FakeStatementResult.NonQuery(1);
        var results = new FakeResults(FakeStatementResult.Rows(["a"], [I(1)], [I(2)]), FakeStatementResult.Single(I(3)), update);
        var single = new LightningDataReader(new LightningConnection(), results, CommandBehavior.SingleResult);
        Assert.True(single.Read());
        Assert.True(single.Read());
        Assert.False(single.NextResult());
        single.Close();
        Assert.True(update.Disposed); // later statements still ran
        Assert.Equal(1, single.RecordsAffected);
    }

    [Fact]
    public void CloseConnection_closes_the_connection()
    {
        var connection = new LightningConnection("Data Source=:memory:");
        connection.Open();
        bool closed = false;
        connection.StateChange += (_, e) => closed |= e.CurrentState == ConnectionState.Closed;
        var reader = new LightningDataReader(connection, new FakeResults(FakeStatementResult.Single(I(1))), CommandBehavior.CloseConnection);
        Assert.Equal(ConnectionState.Open, connection.State);
        reader.Dispose();
        Assert.True(closed);
        Assert.Equal(ConnectionState.Closed, connection.State);

        var other = new LightningConnection("Data Source=:memory:");
        other.Open();
        new LightningDataReader(other, new FakeResults(FakeStatementResult.Single(I(1))), CommandBehavior.Default).Dispose();
        Assert.Equal(ConnectionState.Open, other.State);
        other.Dispose();
    }

    [Fact]
    public void Engine_errors_propagate_unchanged()
    {
        var failure = new LightningException(LightningErrorCode.Conflict, "conflict");
        var results = new FakeResults(FakeStatementResult.NonQuery(1)) { FailAt = 0, Failure = failure };
        Assert.Same(failure, Assert.Throws<LightningException>(() => new LightningDataReader(new LightningConnection(), results, CommandBehavior.Default)));
        Assert.True(results.Disposed);

        var readFailure = new LightningException(LightningErrorCode.Cancelled, "cancelled");
        using LightningDataReader reader = Reader(new FakeStatementResult([new ResultColumn("a")], []) { ThrowOnRead = readFailure });
        Assert.Same(readFailure, Assert.Throws<LightningException>(() => reader.Read()));

        var second = new FakeResults(FakeStatementResult.Single(I(1)), FakeStatementResult.Single(I(2))) { FailAt = 1 };
        using var r2 = new LightningDataReader(new LightningConnection(), second, CommandBehavior.Default);
        Assert.Throws<LightningException>(() => r2.NextResult());
    }

    [Fact]
    public void Enumerates_records()
    {
        using LightningDataReader reader = Reader(FakeStatementResult.Rows(["a"], [I(1)], [I(2)]));
        var seen = new List<object>();
        foreach (IDataRecord record in reader) seen.Add(record[0]);
        Assert.Equal(new object[] { 1L, 2L }, seen);
    }
}
