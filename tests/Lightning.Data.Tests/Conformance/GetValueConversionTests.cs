using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>
/// GetValueConversionTestBase: which typed getter works on which column type, with the value the suite expects,
/// and which throws (InvalidCastException for impossible conversions and for NULL, OverflowException for narrowing
/// that does not fit). Each getter is checked directly and through <c>GetFieldValue&lt;T&gt;</c>.
/// </summary>
public sealed class GetValueConversionTests
{
    private sealed record Throws(Type Exception);

    private static readonly Throws Ice = new(typeof(InvalidCastException));
    private static readonly Throws Overflow = new(typeof(OverflowException));

    private static readonly ValueKind[] NumericKinds = [ValueKind.Zero, ValueKind.One, ValueKind.Minimum, ValueKind.Maximum];

    private static object?[] Row(DbType type, string getter, params (ValueKind, object)[] cases) => [type, getter, cases];

    private static (ValueKind, object)[] All(object expected, params ValueKind[] kinds) => kinds.Select(k => (k, expected)).ToArray();

    public static IEnumerable<object?[]> Cases()
    {
        // Integers of each width.
        yield return Row(DbType.Int16, "GetInt16", (ValueKind.Zero, (short)0), (ValueKind.One, (short)1), (ValueKind.Minimum, short.MinValue), (ValueKind.Maximum, short.MaxValue), (ValueKind.Null, Ice));
        yield return Row(DbType.Int16, "GetInt32", (ValueKind.Zero, 0), (ValueKind.One, 1), (ValueKind.Minimum, -32768), (ValueKind.Maximum, 32767));
        yield return Row(DbType.Int16, "GetInt64", (ValueKind.Zero, 0L), (ValueKind.One, 1L), (ValueKind.Minimum, -32768L), (ValueKind.Maximum, 32767L));
        yield return Row(DbType.Int32, "GetInt16", (ValueKind.Zero, (short)0), (ValueKind.One, (short)1), (ValueKind.Minimum, Overflow), (ValueKind.Maximum, Overflow));
        yield return Row(DbType.Int32, "GetInt32", (ValueKind.Zero, 0), (ValueKind.One, 1), (ValueKind.Minimum, int.MinValue), (ValueKind.Maximum, int.MaxValue), (ValueKind.Null, Ice));
        yield return Row(DbType.Int32, "GetInt64", (ValueKind.Zero, 0L), (ValueKind.One, 1L), (ValueKind.Minimum, (long)int.MinValue), (ValueKind.Maximum, (long)int.MaxValue));
        yield return Row(DbType.Int64, "GetInt16", (ValueKind.Zero, (short)0), (ValueKind.One, (short)1), (ValueKind.Minimum, Overflow), (ValueKind.Maximum, Overflow));
        yield return Row(DbType.Int64, "GetInt32", (ValueKind.Zero, 0), (ValueKind.One, 1), (ValueKind.Minimum, Overflow), (ValueKind.Maximum, Overflow));
        yield return Row(DbType.Int64, "GetInt64", (ValueKind.Zero, 0L), (ValueKind.One, 1L), (ValueKind.Minimum, long.MinValue), (ValueKind.Maximum, long.MaxValue), (ValueKind.Null, Ice));
        foreach (DbType integer in new[] { DbType.Int16, DbType.Int32, DbType.Int64 })
            foreach (string getter in new[] { "GetBoolean", "GetByte", "GetChar", "GetDateTime", "GetGuid", "GetString" })
                yield return Row(integer, getter, All(Ice, NumericKinds));

        // Boolean and Byte.
        yield return Row(DbType.Boolean, "GetBoolean", (ValueKind.Zero, false), (ValueKind.One, true), (ValueKind.Minimum, false), (ValueKind.Maximum, true), (ValueKind.Null, Ice));
        foreach (string getter in new[] { "GetByte", "GetChar", "GetDateTime", "GetDecimal", "GetDouble", "GetFloat", "GetGuid", "GetInt16", "GetInt32", "GetInt64", "GetString" })
            yield return Row(DbType.Boolean, getter, All(Ice, NumericKinds));
        yield return Row(DbType.Byte, "GetByte", (ValueKind.Zero, (byte)0), (ValueKind.One, (byte)1), (ValueKind.Minimum, (byte)0), (ValueKind.Maximum, (byte)255), (ValueKind.Null, Ice));
        foreach (string getter in new[] { "GetBoolean", "GetChar", "GetDateTime", "GetGuid", "GetString" })
            yield return Row(DbType.Byte, getter, All(Ice, NumericKinds));

        // Reals.
        yield return Row(DbType.Double, "GetDouble", (ValueKind.Zero, 0.0), (ValueKind.One, 1.0), (ValueKind.Minimum, 2.23e-308), (ValueKind.Maximum, 1.79e308), (ValueKind.Null, Ice));
        foreach (string getter in new[] { "GetBoolean", "GetByte", "GetChar", "GetDateTime", "GetDecimal", "GetFloat", "GetGuid", "GetString" })
            yield return Row(DbType.Double, getter, All(Ice, NumericKinds));

        // Decimal (stored as exact TEXT, read as decimal).
        yield return Row(DbType.Decimal, "GetDecimal", (ValueKind.Zero, 0m), (ValueKind.One, 1m), (ValueKind.Minimum, 0.000000000000001m), (ValueKind.Maximum, 99999999999999999999.999999999999999m), (ValueKind.Null, Ice));
        yield return Row(DbType.Decimal, "GetDouble", (ValueKind.Zero, 0.0), (ValueKind.One, 1.0), (ValueKind.Minimum, 0.000000000000001), (ValueKind.Maximum, 1e20));
        yield return Row(DbType.Decimal, "GetFloat", (ValueKind.Zero, 0f), (ValueKind.One, 1f), (ValueKind.Minimum, 0.000000000000001f), (ValueKind.Maximum, 1e20f));
        foreach (string getter in new[] { "GetBoolean", "GetByte", "GetChar", "GetDateTime", "GetGuid", "GetString" })
            yield return Row(DbType.Decimal, getter, All(Ice, NumericKinds));

        // Text.
        yield return Row(DbType.String, "GetString", (ValueKind.Empty, ""), (ValueKind.Zero, "0"), (ValueKind.One, "1"), (ValueKind.Null, Ice));
        yield return Row(DbType.String, "GetChar", (ValueKind.Zero, '0'), (ValueKind.One, '1'), (ValueKind.Empty, Ice));
        foreach (string getter in new[] { "GetBoolean", "GetByte", "GetDecimal", "GetDouble", "GetFloat", "GetInt16", "GetInt32", "GetInt64" })
            yield return Row(DbType.String, getter, All(Ice, ValueKind.Empty, ValueKind.Zero, ValueKind.One));

        // Guid and DateTime (stored as canonical TEXT, read as Guid / DateTime).
        yield return Row(DbType.Guid, "GetGuid", (ValueKind.Zero, Guid.Empty), (ValueKind.One, new Guid("11111111-1111-1111-1111-111111111111")),
            (ValueKind.Minimum, new Guid("33221100-5544-7766-9988-aabbccddeeff")), (ValueKind.Maximum, new Guid("ccddeeff-aabb-8899-7766-554433221100")), (ValueKind.Null, Ice));
        foreach (string getter in new[] { "GetBoolean", "GetByte", "GetChar", "GetString" })
            yield return Row(DbType.Guid, getter, All(Ice, ValueKind.Zero, ValueKind.One));
        yield return Row(DbType.DateTime, "GetDateTime", (ValueKind.One, new DateTime(1111, 11, 11, 11, 11, 11, 111)), (ValueKind.Minimum, new DateTime(1, 1, 1)),
            (ValueKind.Maximum, new DateTime(9999, 12, 31, 23, 59, 59, 999)), (ValueKind.Null, Ice));
        foreach (string getter in new[] { "GetBoolean", "GetByte", "GetChar", "GetGuid" })
            yield return Row(DbType.DateTime, getter, All(Ice, ValueKind.One, ValueKind.Minimum, ValueKind.Maximum));

        // Blobs.
        foreach (string getter in new[] { "GetBoolean", "GetByte", "GetChar" })
            yield return Row(DbType.Binary, getter, All(Ice, ValueKind.Empty, ValueKind.Zero, ValueKind.One));
    }

    private static object Get(DbDataReader r, string getter, bool viaFieldValue) => (getter, viaFieldValue) switch
    {
        ("GetBoolean", false) => r.GetBoolean(0), ("GetBoolean", true) => r.GetFieldValue<bool>(0),
        ("GetByte", false) => r.GetByte(0), ("GetByte", true) => r.GetFieldValue<byte>(0),
        ("GetChar", false) => r.GetChar(0), ("GetChar", true) => r.GetFieldValue<char>(0),
        ("GetDateTime", false) => r.GetDateTime(0), ("GetDateTime", true) => r.GetFieldValue<DateTime>(0),
        ("GetDecimal", false) => r.GetDecimal(0), ("GetDecimal", true) => r.GetFieldValue<decimal>(0),
        ("GetDouble", false) => r.GetDouble(0), ("GetDouble", true) => r.GetFieldValue<double>(0),
        ("GetFloat", false) => r.GetFloat(0), ("GetFloat", true) => r.GetFieldValue<float>(0),
        ("GetGuid", false) => r.GetGuid(0), ("GetGuid", true) => r.GetFieldValue<Guid>(0),
        ("GetInt16", false) => r.GetInt16(0), ("GetInt16", true) => r.GetFieldValue<short>(0),
        ("GetInt32", false) => r.GetInt32(0), ("GetInt32", true) => r.GetFieldValue<int>(0),
        ("GetInt64", false) => r.GetInt64(0), ("GetInt64", true) => r.GetFieldValue<long>(0),
        ("GetString", false) => r.GetString(0), ("GetString", true) => r.GetFieldValue<string>(0),
        _ => throw new ArgumentException(getter),
    };

    [Theory, MemberData(nameof(Cases))]
    public void Getter_conversion(DbType type, string getter, (ValueKind Kind, object Expected)[] cases)
    {
        (TestDatabase db, LightningConnection connection) = SelectValueTable.Open();
        using (db)
        using (connection)
        {
            foreach ((ValueKind kind, object expected) in cases)
            {
                foreach (bool viaFieldValue in new[] { false, true })
                {
                    using DbCommand command = connection.CreateCommand();
                    command.CommandText = SelectValueTable.CreateSelectSql(type, kind);
                    using DbDataReader reader = command.ExecuteReader();
                    Assert.True(reader.Read());
                    string what = $"{getter}{(viaFieldValue ? " via GetFieldValue" : "")} on {kind} {type}";
                    if (expected is Throws throws)
                    {
                        Exception? error = Record.Exception(() => Get(reader, getter, viaFieldValue));
                        Assert.True(error is not null, $"{what}: expected {throws.Exception.Name}, got a value");
                        Assert.True(error.GetType() == throws.Exception, $"{what}: expected {throws.Exception.Name}, got {error.GetType().Name}: {error.Message}");
                    }
                    else
                    {
                        object actual = Get(reader, getter, viaFieldValue);
                        Assert.True(Equals(expected, actual), $"{what}: expected {expected} ({expected.GetType().Name}), got {actual} ({actual.GetType().Name})");
                    }
                }
            }
        }
    }

    public static TheoryData<DbType, Type> FieldTypes => new()
    {
        { DbType.Binary, typeof(byte[]) }, { DbType.Boolean, typeof(bool) }, { DbType.Byte, typeof(byte) },
        { DbType.DateTime, typeof(DateTime) }, { DbType.Decimal, typeof(decimal) }, { DbType.Double, typeof(double) },
        { DbType.Guid, typeof(Guid) }, { DbType.Int16, typeof(short) }, { DbType.Int32, typeof(int) },
        { DbType.Int64, typeof(long) }, { DbType.String, typeof(string) },
    };

    [Theory, MemberData(nameof(FieldTypes))]
    public void GetFieldType_and_GetValue_follow_the_declared_type(DbType type, Type expected)
    {
        (TestDatabase db, LightningConnection connection) = SelectValueTable.Open();
        using (db)
        using (connection)
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = SelectValueTable.CreateSelectSql(type, ValueKind.One);
            using DbDataReader reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(expected, reader.GetFieldType(0));
            object value = reader.GetValue(0);
            Assert.IsType(expected, value);
            object expectedValue = type switch
            {
                DbType.Binary => new byte[] { 0x11 },
                DbType.Boolean => true,
                DbType.Byte => (byte)1,
                DbType.DateTime => new DateTime(1111, 11, 11, 11, 11, 11, 111),
                DbType.Decimal => 1m,
                DbType.Double => 1.0,
                DbType.Guid => new Guid("11111111111111111111111111111111"),
                DbType.Int16 => (short)1,
                DbType.Int32 => 1,
                DbType.Int64 => 1L,
                _ => "1",
            };
            Assert.Equal(expectedValue, value);
        }
    }

    [Fact]
    public void GetValue_for_null_is_DBNull()
    {
        (TestDatabase db, LightningConnection connection) = SelectValueTable.Open();
        using (db)
        using (connection)
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = SelectValueTable.CreateSelectSql(DbType.String, ValueKind.Null);
            using DbDataReader reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Same(DBNull.Value, reader.GetValue(0));
            Assert.Same(DBNull.Value, reader.GetFieldValue<object>(0));
        }
    }

    [Theory]
    [InlineData("SELECT 1;", typeof(long), 1L)]
    [InlineData("SELECT 1.5;", typeof(double), 1.5)]
    [InlineData("SELECT 'x';", typeof(string), "x")]
    public void Expressions_without_declared_type_use_the_storage_class(string sql, Type type, object expected)
    {
        using var db = new TestDatabase();
        using LightningConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(type, reader.GetFieldType(0));
        Assert.Equal(expected, reader.GetValue(0));
    }

    [Fact]
    public void Blob_expression_is_byte_array()
    {
        using var db = new TestDatabase();
        using LightningConnection connection = db.OpenConnection();
        Assert.Equal(new byte[] { 0x0A, 0x1B }, connection.Scalar("SELECT X'0A1B';"));
    }
}
