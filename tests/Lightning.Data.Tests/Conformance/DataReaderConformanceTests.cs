using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The behaviours of DataReaderTestBase (lifecycle, metadata, results); buffers and after-DELETE are in the second file.</summary>
public sealed class DataReaderConformanceTests
{
    internal static void WithReader(string sql, Action<DbDataReader> action, bool selectValueTable = false, CommandBehavior behavior = CommandBehavior.Default)
    {
        using var db = new TestDatabase("reader");
        using DbConnection connection = db.OpenConnection();
        if (selectValueTable) SelectValueTable.Create(connection);
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader(behavior);
        action(reader);
    }

    private static T ReadFirst<T>(string sql, Func<DbDataReader, T> get)
    {
        T result = default!;
        WithReader(sql, r => { Assert.True(r.Read()); result = get(r); });
        return result;
    }

    [Fact]
    public void Dispose_command_before_reader()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        DbDataReader reader;
        using (DbCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT 'test';";
            reader = command.ExecuteReader();
        }
        using (reader)
        {
            Assert.True(reader.Read());
            Assert.Equal("test", reader.GetString(0));
            Assert.False(reader.Read());
        }
    }

    [Fact]
    public void Depth_FieldCount_HasRows_IsClosed() => WithReader("SELECT 1;", r =>
    {
        Assert.Equal(0, r.Depth);
        Assert.Equal(1, r.FieldCount);
        Assert.True(r.HasRows);
        Assert.False(r.IsClosed);
        r.Close();
        Assert.True(r.IsClosed);
    });

    [Fact]
    public void ExecuteScalar_returns_null_when_empty()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        SelectValueTable.Create(connection);
        Assert.Null(connection.Scalar(SelectValueTable.SelectNoRows));
    }

    [Fact]
    public void HasRows_false_when_no_rows_and_per_result_when_batching()
    {
        WithReader(SelectValueTable.SelectNoRows, r => Assert.False(r.HasRows), selectValueTable: true);
        WithReader(SelectValueTable.SelectNoRows + "SELECT 1;", r =>
        {
            Assert.False(r.HasRows);
            Assert.True(r.NextResult());
            Assert.True(r.HasRows);
        }, selectValueTable: true);
    }

    public static TheoryData<string> ClosedReaderOperations => new()
    {
        "FieldCount", "GetDataTypeName", "GetFieldType", "GetName", "GetValue", "IsDBNull", "Read", "NextResult",
    };

    private static void Do(DbDataReader r, string op)
    {
        switch (op)
        {
            case "FieldCount": _ = r.FieldCount; break;
            case "GetDataTypeName": r.GetDataTypeName(0); break;
            case "GetFieldType": r.GetFieldType(0); break;
            case "GetName": r.GetName(0); break;
            case "GetValue": r.GetValue(0); break;
            case "IsDBNull": r.IsDBNull(0); break;
            case "GetFieldValue": r.GetFieldValue<DBNull>(0); break;
            case "Read": r.Read(); break;
            default: r.NextResult(); break;
        }
    }

    [Theory, MemberData(nameof(ClosedReaderOperations))]
    public void Operation_throws_when_closed(string op) => WithReader("SELECT 1;", r =>
    {
        ((IDisposable)r).Dispose();
        Assert.Throws<InvalidOperationException>(() => Do(r, op));
    });

    [Theory]
    [InlineData("GetValue")]
    [InlineData("IsDBNull")]
    [InlineData("GetFieldValue")]
    public void Getter_throws_before_read_and_when_done(string op)
    {
        WithReader("SELECT NULL;", r => Assert.Throws<InvalidOperationException>(() => Do(r, op)));
        WithReader("SELECT NULL;", r =>
        {
            Assert.True(r.Read());
            Assert.False(r.Read());
            Assert.Throws<InvalidOperationException>(() => Do(r, op));
        });
    }

    [Fact]
    public void Ordinal_out_of_range_throws_IndexOutOfRange() => WithReader("SELECT 1;", r =>
    {
        Assert.Throws<IndexOutOfRangeException>(() => r.GetDataTypeName(1));
        Assert.Throws<IndexOutOfRangeException>(() => r.GetFieldType(1));
        Assert.Throws<IndexOutOfRangeException>(() => r.GetName(1));
        Assert.Throws<IndexOutOfRangeException>(() => r.GetOrdinal("Name"));
        Assert.True(r.Read());
        Assert.Throws<IndexOutOfRangeException>(() => r.GetValue(1));
        Assert.Throws<IndexOutOfRangeException>(() => r["Name"]);
    });

    [Fact]
    public void GetEnumerator_works() => WithReader("SELECT 1;", r =>
    {
        Assert.True(r.Read());
        Assert.NotNull(r.GetEnumerator());
    });

    [Fact]
    public void GetFieldValue_of_DBNull_throws_when_not_null() =>
        WithReader("SELECT 1;", r => { Assert.True(r.Read()); Assert.Throws<InvalidCastException>(() => r.GetFieldValue<DBNull>(0)); });

    [Fact]
    public async Task Async_getters_are_canceled()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        using DbDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Task<int> value = reader.GetFieldValueAsync<int>(0, new CancellationToken(true));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => value);
        Assert.True(value.IsCanceled);
        Task<bool> isNull = reader.IsDBNullAsync(0, new CancellationToken(true));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => isNull);
        Assert.True(isNull.IsCanceled);
    }

    [Fact]
    public void Names_types_and_ordinals() => WithReader("SELECT 'test' AS Id, 1 AS id2;", r =>
    {
        Assert.Equal(typeof(string), r.GetFieldType(0));
        Assert.Equal("Id", r.GetName(0));
        Assert.Equal(0, r.GetOrdinal("Id"));
        Assert.Equal(0, r.GetOrdinal("ID"));
        Assert.Equal(1, r.GetOrdinal("id2"));
        Assert.True(r.Read());
        Assert.Equal("test", r[0]);
        Assert.Equal("test", r["Id"]);
    });

    [Theory]
    [InlineData("Ä")]
    [InlineData("Ḁ")]
    [InlineData("😀")]
    [InlineData("test")]
    public void Strings_round_trip_as_utf8(string text)
    {
        string sql = $"SELECT '{text}';";
        Assert.Equal(text, ReadFirst(sql, r => r.GetString(0)));
        Assert.Equal(text, ReadFirst(sql, r => r.GetFieldValue<string>(0)));
        Assert.Equal(text, ReadFirst(sql, r => r.GetValue(0) as string));
    }

    [Fact]
    public void GetValues_works_and_tolerates_narrow_and_wide_arrays() => WithReader("SELECT 'a', NULL;", r =>
    {
        Assert.True(r.Read());
        var wide = new object[3];
        Assert.Equal(2, r.GetValues(wide));
        Assert.Equal("a", wide[0]);
        Assert.Same(DBNull.Value, wide[1]);
        Assert.Equal(0, r.GetValues([]));
        Assert.Throws<ArgumentNullException>(() => r.GetValues(null!));
    });

    [Fact]
    public void IsDBNull_works() => WithReader("SELECT NULL;", r => { Assert.True(r.Read()); Assert.True(r.IsDBNull(0)); });

    [Fact]
    public void NextResult_works_and_can_be_called_again() => WithReader("SELECT 1; SELECT 2", r =>
    {
        Assert.True(r.Read());
        Assert.Equal(1L, r.GetInt64(0));
        Assert.True(r.NextResult());
        Assert.True(r.Read());
        Assert.Equal(2L, r.GetInt64(0));
        Assert.False(r.NextResult());
        Assert.False(r.NextResult());
    });

    [Theory]
    [InlineData(CommandBehavior.SingleRow)]
    [InlineData(CommandBehavior.SingleResult)]
    public void SingleRow_and_SingleResult_return_one_result_set(CommandBehavior behavior) =>
        WithReader("SELECT 1; SELECT 2; SELECT 3;", r =>
        {
            Assert.True(r.Read());
            Assert.Equal(1L, Convert.ToInt64(r.GetValue(0)));
            Assert.False(r.Read());
            Assert.False(r.NextResult());
        }, behavior: behavior);

    [Fact]
    public void SingleRow_returns_one_row() =>
        // The suite writes "SELECT 1 UNION SELECT 2"; KV-SQL has no UNION, so two rows come from a table.
        WithReader("SELECT Id FROM select_value ORDER BY Id;", r =>
        {
            Assert.True(r.Read());
            Assert.Equal(0L, Convert.ToInt64(r.GetValue(0)));
            Assert.False(r.Read());
            Assert.False(r.NextResult());
        }, selectValueTable: true, behavior: CommandBehavior.SingleRow);

    [Fact]
    public void Read_works_and_keeps_returning_false() => WithReader("SELECT Id FROM select_value WHERE Id < 2 ORDER BY Id;", r =>
    {
        Assert.True(r.Read());
        Assert.Equal(0L, r.GetInt64(0));
        Assert.True(r.Read());
        Assert.Equal(1L, r.GetInt64(0));
        Assert.False(r.Read());
        Assert.False(r.Read());
        Assert.False(r.Read());
    }, selectValueTable: true);

    [Fact]
    public void RecordsAffected_is_negative_one_for_select_even_after_close()
    {
        WithReader(SelectValueTable.SelectNoRows, r => Assert.Equal(-1, r.RecordsAffected), selectValueTable: true);
        WithReader(SelectValueTable.SelectNoRows, r => { r.Close(); Assert.Equal(-1, r.RecordsAffected); }, selectValueTable: true);
        WithReader(SelectValueTable.SelectNoRows, r => { r.Dispose(); Assert.Equal(-1, r.RecordsAffected); }, selectValueTable: true);
    }

    [Fact]
    public void RecordsAffected_counts_changed_rows() =>
        WithReader("UPDATE select_value SET \"String\" = 'x' WHERE Id >= 4;", r => Assert.Equal(2, r.RecordsAffected), selectValueTable: true);

    [Fact]
    public void GetColumnSchema_reports_name_type_and_numeric_DataType() => WithReader("SELECT 1 AS id;", r =>
    {
        DbColumn column = Assert.Single(r.GetColumnSchema());
        Assert.Equal("id", column.ColumnName);
        Assert.NotNull(column.DataTypeName);
        Assert.True(column.DataType == typeof(long) || column.DataType == typeof(int), $"DataType {column.DataType}");
    });

    [Fact]
    public void GetSchemaTable_describes_table_columns() => WithReader("SELECT Id, \"String\" FROM select_value;", r =>
    {
        DataTable? schema = r.GetSchemaTable();
        Assert.NotNull(schema);
        Assert.Equal(2, schema.Rows.Count);
        Assert.Equal("Id", schema.Rows[0]["ColumnName"]);
        Assert.Equal("String", schema.Rows[1]["ColumnName"]);
        Assert.Equal(typeof(long), schema.Rows[0]["DataType"]);
        Assert.Equal(true, schema.Rows[0]["IsKey"]);
    }, selectValueTable: true);

    [Fact]
    public void GetStream_and_GetTextReader_throw_for_wrong_type() => WithReader("SELECT 1", r =>
    {
        Assert.True(r.Read());
        Assert.Throws<InvalidOperationException>(() => r.GetStream(0));
        Assert.Throws<InvalidOperationException>(() => r.GetTextReader(0));
    });
}
