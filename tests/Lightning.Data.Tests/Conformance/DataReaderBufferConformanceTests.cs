using System.Data;
using System.Data.Common;
using static Lightning.Data.Tests.Conformance.DataReaderConformanceTests;

namespace Lightning.Data.Tests.Conformance;

/// <summary>DataReaderTestBase: GetBytes/GetChars, streams and text readers, and a reader over a DELETE.</summary>
public sealed class DataReaderBufferConformanceTests
{
    private static void Blob(Action<DbDataReader> action) =>
        WithReader(SelectValueTable.CreateSelectSql(new byte[] { 1, 2, 3, 4 }), r => { Assert.True(r.Read()); action(r); });

    // Intentionally a multi-byte UTF-8 character, as the suite does.
    private static void Text(Action<DbDataReader> action) => WithReader("SELECT 'ab¢d';", r => { Assert.True(r.Read()); action(r); });

    private static void AssertThrowsAny(Action action, params Type[] types)
    {
        Exception? error = Record.Exception(action);
        Assert.NotNull(error);
        Assert.True(types.Any(t => t.IsInstanceOfType(error)), $"unexpected {error.GetType()}: {error.Message}");
    }

    [Fact]
    public void GetBytes_works() => WithReader(SelectValueTable.CreateSelectSql(new byte[] { 0x7E, 0x57 }), r =>
    {
        Assert.True(r.Read());
        var buffer = new byte[2];
        Assert.Equal(2, r.GetBytes(0, 0, buffer, 0, buffer.Length));
        Assert.Equal(new byte[] { 0x7E, 0x57 }, buffer);
    });

    [Fact]
    public void GetBytes_argument_rules() => Blob(r =>
    {
        AssertThrowsAny(() => r.GetBytes(0, -1, new byte[4], 0, 4), typeof(ArgumentOutOfRangeException), typeof(IndexOutOfRangeException), typeof(InvalidOperationException));
        Assert.Equal(0, r.GetBytes(0, 6, new byte[4], 0, 4));
        Assert.Equal(4, r.GetBytes(0, 0, null, 0, 0));
        Assert.Equal(4, r.GetBytes(0, 1, null, 0, 0));
        AssertThrowsAny(() => r.GetBytes(0, 0, new byte[4], -1, 4), typeof(ArgumentOutOfRangeException), typeof(IndexOutOfRangeException));
        AssertThrowsAny(() => r.GetBytes(0, 0, new byte[4], 5, 0), typeof(ArgumentOutOfRangeException), typeof(IndexOutOfRangeException));
        Assert.Equal(0, r.GetBytes(0, 0, new byte[4], 4, 0));
        AssertThrowsAny(() => r.GetBytes(0, 0, new byte[4], 2, 3), typeof(ArgumentException), typeof(IndexOutOfRangeException));
    });

    [Fact]
    public void GetBytes_works_when_buffer_is_large() => Blob(r =>
    {
        var buffer = new byte[6];
        Assert.Equal(4, r.GetBytes(0, 0, buffer, 0, 6));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0 }, buffer);
    });

    [Fact]
    public void GetBytes_reads_part_of_blob() => Blob(r =>
    {
        var buffer = new byte[5];
        Assert.Equal(2, r.GetBytes(0, 1, buffer, 2, 2));
        Assert.Equal(new byte[] { 0, 0, 2, 3, 0 }, buffer);
    });

    [Fact]
    public void GetChars_works() => WithReader("SELECT 'test';", r =>
    {
        Assert.True(r.Read());
        var buffer = new char[4];
        Assert.Equal(4, r.GetChars(0, 0, buffer, 0, buffer.Length));
        Assert.Equal(new[] { 't', 'e', 's', 't' }, buffer);
    });

    [Fact]
    public void GetChars_argument_rules() => Text(r =>
    {
        AssertThrowsAny(() => r.GetChars(0, -1, new char[4], 0, 4), typeof(ArgumentOutOfRangeException), typeof(IndexOutOfRangeException), typeof(InvalidOperationException));
        Assert.Equal(0, r.GetChars(0, 6, new char[4], 0, 4));
        Assert.Equal(4, r.GetChars(0, 0, null, 0, 0));
        Assert.Equal(4, r.GetChars(0, 1, null, 0, 0));
        AssertThrowsAny(() => r.GetChars(0, 0, new char[4], -1, 4), typeof(ArgumentOutOfRangeException), typeof(IndexOutOfRangeException));
        AssertThrowsAny(() => r.GetChars(0, 0, new char[4], 5, 0), typeof(ArgumentOutOfRangeException), typeof(IndexOutOfRangeException));
        Assert.Equal(0, r.GetChars(0, 0, new char[4], 4, 0));
        AssertThrowsAny(() => r.GetChars(0, 0, new char[4], 2, 3), typeof(ArgumentException), typeof(IndexOutOfRangeException));
    });

    [Fact]
    public void GetChars_works_when_buffer_is_large() => Text(r =>
    {
        var buffer = new char[6];
        Assert.Equal(4, r.GetChars(0, 0, buffer, 0, 6));
        Assert.Equal(new[] { 'a', 'b', '¢', 'd', '\0', '\0' }, buffer);
    });

    [Fact]
    public void GetChars_reads_part_of_string() => Text(r =>
    {
        var buffer = new char[5];
        Assert.Equal(2, r.GetChars(0, 1, buffer, 2, 2));
        Assert.Equal(new[] { '\0', '\0', 'b', '¢', '\0' }, buffer);
    });

    [Theory]
    [InlineData(ValueKind.One, "1")]
    [InlineData(ValueKind.Empty, "")]
    public void GetTextReader_for_String(ValueKind kind, string expected) =>
        WithReader(SelectValueTable.CreateSelectSql(DbType.String, kind), r =>
        {
            Assert.True(r.Read());
            using (TextReader text = r.GetTextReader(0)) Assert.Equal(expected, text.ReadToEnd());
            using (TextReader text = r.GetFieldValue<TextReader>(0)) Assert.Equal(expected, text.ReadToEnd());
        }, selectValueTable: true);

    [Fact]
    public void GetTextReader_throws_for_null_String() =>
        WithReader(SelectValueTable.CreateSelectSql(DbType.String, ValueKind.Null), r =>
        {
            Assert.True(r.Read());
            Assert.Throws<InvalidCastException>(() => r.GetTextReader(0));
            Assert.Throws<InvalidCastException>(() => r.GetFieldValue<TextReader>(0));
        }, selectValueTable: true);

    [Fact]
    public async Task GetFieldValueAsync_for_TextReader_and_Stream()
    {
        using var db = new TestSupport.TestDatabase();
        using DbConnection connection = db.OpenConnection();
        SelectValueTable.Create(connection);
        using DbCommand command = connection.CreateCommand();
        command.CommandText = SelectValueTable.CreateSelectSql(DbType.String, ValueKind.One) + SelectValueTable.CreateSelectSql(DbType.Binary, ValueKind.One);
        using DbDataReader reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        using (TextReader text = await reader.GetFieldValueAsync<TextReader>(0)) Assert.Equal("1", await text.ReadToEndAsync());
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        using (Stream stream = await reader.GetFieldValueAsync<Stream>(0)) Assert.Equal(0x11, stream.ReadByte());
    }

    [Fact]
    public void GetStream_for_Binary_and_throws_for_null() =>
        WithReader(SelectValueTable.CreateSelectSql(DbType.Binary, ValueKind.One) + SelectValueTable.CreateSelectSql(DbType.Binary, ValueKind.Null), r =>
        {
            Assert.True(r.Read());
            using (Stream stream = r.GetFieldValue<Stream>(0)) Assert.Equal(0x11, stream.ReadByte());
            using (Stream stream = r.GetStream(0)) Assert.Equal(1, stream.Length);
            Assert.True(r.NextResult());
            Assert.True(r.Read());
            Assert.Throws<InvalidCastException>(() => r.GetFieldValue<Stream>(0));
        }, selectValueTable: true);

    private static void AfterDelete(Action<DbDataReader> action) => WithReader(SelectValueTable.DeleteNoRows, action, selectValueTable: true);

    [Fact]
    public void Reader_over_DELETE_has_no_columns() => AfterDelete(r =>
    {
        Assert.Equal(0, r.FieldCount);
        Assert.Empty(r.GetColumnSchema());
        Assert.Null(r.GetSchemaTable());
        Assert.False(r.Read());
        Assert.False(r.NextResult());
    });

    public static TheoryData<string> AfterDeleteGetters => new()
    {
        "IsDBNull", "GetDataTypeName", "GetFieldType", "GetFieldValue", "GetBoolean", "GetByte", "GetBytes", "GetChar", "GetChars",
        "GetDateTime", "GetDecimal", "GetDouble", "GetFloat", "GetGuid", "GetInt16", "GetInt32", "GetInt64", "GetStream",
        "GetString", "GetTextReader", "GetName", "GetValue", "GetValues",
    };

    [Theory, MemberData(nameof(AfterDeleteGetters))]
    public void Getters_throw_InvalidOperation_after_DELETE(string getter) => AfterDelete(r =>
        Assert.Throws<InvalidOperationException>(() =>
        {
            object? _ = getter switch
            {
                "IsDBNull" => r.IsDBNull(0),
                "GetDataTypeName" => r.GetDataTypeName(0),
                "GetFieldType" => r.GetFieldType(0),
                "GetFieldValue" => r.GetFieldValue<object>(0),
                "GetBoolean" => r.GetBoolean(0),
                "GetByte" => r.GetByte(0),
                "GetBytes" => r.GetBytes(0, 0, new byte[1], 0, 1),
                "GetChar" => r.GetChar(0),
                "GetChars" => r.GetChars(0, 0, new char[1], 0, 1),
                "GetDateTime" => r.GetDateTime(0),
                "GetDecimal" => r.GetDecimal(0),
                "GetDouble" => r.GetDouble(0),
                "GetFloat" => r.GetFloat(0),
                "GetGuid" => r.GetGuid(0),
                "GetInt16" => r.GetInt16(0),
                "GetInt32" => r.GetInt32(0),
                "GetInt64" => r.GetInt64(0),
                "GetStream" => r.GetStream(0),
                "GetString" => r.GetString(0),
                "GetTextReader" => r.GetTextReader(0),
                "GetName" => r.GetName(0),
                "GetValue" => r.GetValue(0),
                _ => r.GetValues(new object[1]),
            };
        }));

    [Fact]
    public async Task IsDBNullAsync_throws_after_DELETE() =>
        await Task.Run(() => AfterDelete(r => Assert.ThrowsAsync<InvalidOperationException>(() => r.IsDBNullAsync(0)).GetAwaiter().GetResult()));
}
