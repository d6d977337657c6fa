using System.Data;
using Lightning.Data.Execution;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Tests.Ado;

public sealed class ParameterTests
{
    private enum Small : byte { A = 1, B = 200 }

    private enum Huge : ulong { Top = ulong.MaxValue }

    public static TheoryData<object, DbType> Inferred => new()
    {
        { true, DbType.Boolean }, { (byte)1, DbType.Byte }, { (sbyte)1, DbType.SByte }, { (short)1, DbType.Int16 },
        { (ushort)1, DbType.UInt16 }, { 1, DbType.Int32 }, { 1u, DbType.UInt32 }, { 1L, DbType.Int64 }, { 1ul, DbType.UInt64 },
        { 1f, DbType.Single }, { 1d, DbType.Double }, { 1m, DbType.Decimal }, { "s", DbType.String }, { 'c', DbType.String },
        { Guid.Empty, DbType.Guid }, { DateTime.MinValue, DbType.DateTime }, { DateTimeOffset.MinValue, DbType.DateTimeOffset },
        { DateOnly.MinValue, DbType.Date }, { TimeOnly.MinValue, DbType.Time }, { TimeSpan.Zero, DbType.Time },
        { new byte[1], DbType.Binary }, { new ReadOnlyMemory<byte>(new byte[1]), DbType.Binary }, { DBNull.Value, DbType.String },
        { Small.A, DbType.Byte }, { DayOfWeek.Monday, DbType.Int32 },
    };

    [Theory]
    [MemberData(nameof(Inferred))]
    public void DbType_is_inferred_from_value(object value, DbType expected) => Assert.Equal(expected, new LightningParameter("p", value).DbType);

    [Fact]
    public void Explicit_DbType_wins_until_reset()
    {
        var p = new LightningParameter("p", DbType.Int64) { Value = "text" };
        Assert.Equal(DbType.Int64, p.DbType);
        p.ResetDbType();
        Assert.Equal(DbType.String, p.DbType);
        Assert.Equal(DbType.String, new LightningParameter().DbType);
    }

    [Fact]
    public void Defaults_and_properties()
    {
        var p = new LightningParameter();
        Assert.Equal("", p.ParameterName);
        Assert.Null(p.Value);
        Assert.Equal(ParameterDirection.Input, p.Direction);
        Assert.Equal(0, p.Size);
        Assert.False(p.IsNullable);
        Assert.Equal("", p.SourceColumn);
        Assert.Equal(DataRowVersion.Current, p.SourceVersion);
        p.ParameterName = null;
        p.SourceColumn = null;
        Assert.Equal("", p.ParameterName);
        Assert.Equal("", p.SourceColumn);
        p.IsNullable = true;
        p.SourceColumnNullMapping = true;
        Assert.True(p.IsNullable && p.SourceColumnNullMapping);
    }

    [Fact]
    public void Size_defaults_to_value_length_and_validates()
    {
        Assert.Equal(3, new LightningParameter("p", "abc").Size);
        Assert.Equal(2, new LightningParameter("p", new byte[2]).Size);
        Assert.Equal(0, new LightningParameter("p", 5).Size);
        var p = new LightningParameter("p", "abc") { Size = 1 };
        Assert.Equal(1, p.Size);
        Assert.Equal("abc", p.GetSqlValue().Text); // never truncated
        p.Size = -1;
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Size = -2);
    }

    public static TheoryData<object, string> Texts => new()
    {
        { 0.5m, "0.5" }, { 1.50m, "1.50" }, { -12345678901234567890.123m, "-12345678901234567890.123" }, { "héllo", "héllo" }, { 'x', "x" },
        { new Guid("0F8FAD5B-D9CB-469F-A165-70867728950E"), "0f8fad5b-d9cb-469f-a165-70867728950e" },
        { new DateTime(2024, 2, 29, 13, 45, 6), "2024-02-29 13:45:06" },
        { new DateTime(2024, 2, 29, 13, 45, 6).AddTicks(1234500), "2024-02-29 13:45:06.12345" },
        { new DateTimeOffset(2024, 2, 29, 13, 45, 6, TimeSpan.FromHours(2)), "2024-02-29 13:45:06+02:00" },
        { new DateTimeOffset(2024, 2, 29, 13, 45, 6, 500, TimeSpan.FromHours(-5.5)), "2024-02-29 13:45:06.5-05:30" },
        { new DateOnly(2024, 1, 2), "2024-01-02" },
        { new TimeOnly(13, 4, 5), "13:04:05" },
        { new TimeOnly(13, 4, 5, 250), "13:04:05.25" },
        { new TimeSpan(1, 2, 3, 4, 5), "1.02:03:04.0050000" },
        { TimeSpan.FromMinutes(-90), "-01:30:00" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Values_become_TEXT(object value, string expected)
    {
        SqlValue v = new LightningParameter("p", value).GetSqlValue();
        Assert.Equal(SqlType.Text, v.Type);
        Assert.Equal(expected, v.Text);
    }

    [Fact]
    public void Decimal_and_dates_ignore_current_culture()
    {
        System.Globalization.CultureInfo saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("1.25", new LightningParameter("p", 1.25m).GetSqlValue().Text);
            Assert.Equal("2024-01-02 03:04:05", new LightningParameter("p", new DateTime(2024, 1, 2, 3, 4, 5)).GetSqlValue().Text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    public static TheoryData<object, long> Integers => new()
    {
        { true, 1 }, { false, 0 }, { (byte)255, 255 }, { (sbyte)-1, -1 }, { (short)-300, -300 }, { (ushort)65535, 65535 },
        { -7, -7 }, { uint.MaxValue, uint.MaxValue }, { long.MinValue, long.MinValue }, { (ulong)long.MaxValue, long.MaxValue },
        { Small.B, 200 }, { DayOfWeek.Friday, 5 },
    };

    [Theory]
    [MemberData(nameof(Integers))]
    public void Values_become_INTEGER(object value, long expected)
    {
        SqlValue v = new LightningParameter("p", value).GetSqlValue();
        Assert.Equal(SqlType.Integer, v.Type);
        Assert.Equal(expected, v.Integer);
    }

    [Fact]
    public void UInt64_above_Int64_range_is_a_type_mismatch()
    {
        LightningSqlException e = Assert.Throws<LightningSqlException>(() => new LightningParameter("@big", ulong.MaxValue).GetSqlValue());
        Assert.Equal(LightningErrorCode.SqlTypeMismatch, e.Code);
        Assert.Contains("@big", e.Message, StringComparison.Ordinal);
        Assert.Throws<LightningSqlException>(() => new LightningParameter("@e", Huge.Top).GetSqlValue());
    }

    [Theory]
    [InlineData(1.5f, 1.5)]
    [InlineData(-2.25d, -2.25)]
    [InlineData(double.MaxValue, double.MaxValue)]
    public void Values_become_REAL(object value, double expected)
    {
        SqlValue v = new LightningParameter("p", value).GetSqlValue();
        Assert.Equal(SqlType.Real, v.Type);
        Assert.Equal(expected, v.Real);
    }

    [Fact]
    public void Byte_values_become_BLOB_copies_where_needed()
    {
        byte[] bytes = [1, 2, 3, 4];
        Assert.Same(bytes, new LightningParameter("p", bytes).GetSqlValue().Blob);
        Assert.Equal(new byte[] { 2, 3 }, new LightningParameter("p", new ReadOnlyMemory<byte>(bytes, 1, 2)).GetSqlValue().Blob);
        Assert.Equal(new byte[] { 3, 4 }, new LightningParameter("p", new Memory<byte>(bytes, 2, 2)).GetSqlValue().Blob);
        Assert.Equal(new byte[] { 1, 2 }, new LightningParameter("p", new ArraySegment<byte>(bytes, 0, 2)).GetSqlValue().Blob);
        Assert.Equal(bytes, new LightningParameter("p", new MemoryStream(bytes)).GetSqlValue().Blob);
        Assert.Equal(SqlType.Blob, new LightningParameter("p", Array.Empty<byte>()).GetSqlValue().Type);
    }

    [Fact]
    public void Guid_with_DbType_Binary_is_a_16_byte_BLOB()
    {
        Guid g = Guid.NewGuid();
        SqlValue v = new LightningParameter("p", DbType.Binary) { Value = g }.GetSqlValue();
        Assert.Equal(g.ToByteArray(), v.Blob);
    }

    [Fact]
    public void DBNull_is_NULL_and_null_is_an_error()
    {
        Assert.True(new LightningParameter("p", DBNull.Value).GetSqlValue().IsNull);
        Assert.True(SqlValueWriter.FromObject(null, null, "p").IsNull);
        Assert.Throws<InvalidOperationException>(() => new LightningParameter("p", null).GetSqlValue());
    }

    [Fact]
    public void Unsupported_type_is_reported_with_the_parameter_name()
    {
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new LightningParameter("@x", new Uri("http://a")).GetSqlValue());
        Assert.Contains("@x", e.Message, StringComparison.Ordinal);
        Assert.Contains("Uri", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ParameterDirection.Output)]
    [InlineData(ParameterDirection.InputOutput)]
    [InlineData(ParameterDirection.ReturnValue)]
    public void Non_input_directions_fail_on_execute(ParameterDirection direction) =>
        Assert.Throws<InvalidOperationException>(() => new LightningParameter("p", 1) { Direction = direction }.GetSqlValue());

    [Fact]
    public void Collection_add_and_lookup()
    {
        var c = new LightningParameterCollection();
        LightningParameter a = c.AddWithValue("@a", 1);
        LightningParameter b = c.Add("b", DbType.String);
        LightningParameter d = c.Add(new LightningParameter(":d", 2));
        c.Add(new LightningParameter("$e", 3));
        Assert.Equal(3, c.IndexOf("$e"));
        Assert.Equal(4, c.Count);
        Assert.Same(a, c[0]);
        Assert.Same(a, c["@a"]);
        Assert.Same(a, c["a"]);     // without the prefix
        Assert.Same(b, c["@b"]);    // with a prefix the parameter does not have
        Assert.Same(d, c["D"]);     // case-insensitive
        Assert.Equal(1, c.IndexOf("b"));
        Assert.Equal(-1, c.IndexOf("zz"));
        Assert.Equal(2, c.IndexOf(d));
        Assert.True(c.Contains("e"));
        Assert.True(c.Contains(d));
        Assert.False(c.Contains("nope"));
        Assert.False(c.Contains((object)"nope"));
    }

    [Fact]
    public void Collection_errors_are_the_ADO_NET_ones()
    {
        var c = new LightningParameterCollection();
        c.AddWithValue("a", 1);
        Assert.Throws<IndexOutOfRangeException>(() => c["missing"]);
        Assert.Throws<IndexOutOfRangeException>(() => c.RemoveAt("missing"));
        Assert.ThrowsAny<ArgumentException>(() => c[5]);
        Assert.Throws<ArgumentNullException>(() => c.Add((object)null!));
        Assert.Throws<InvalidCastException>(() => c.Add("not a parameter"));
    }

    [Fact]
    public void Collection_insert_remove_clear_range_copy()
    {
        var c = new LightningParameterCollection();
        c.AddRange(new[] { new LightningParameter("a", 1), new LightningParameter("b", 2) });
        var x = new LightningParameter("x", 0);
        c.Insert(1, x);
        Assert.Equal(1, c.IndexOf("x"));
        c.Remove(x);
        Assert.Equal(-1, c.IndexOf(x));
        c.RemoveAt(0);
        Assert.Equal("b", c[0].ParameterName);
        c[0] = new LightningParameter("c", 3);
        c["c"] = new LightningParameter("d", 4);
        Assert.Equal("d", c[0].ParameterName);
        var array = new object[1];
        c.CopyTo(array, 0);
        Assert.Same(c[0], array[0]);
        int seen = 0;
        foreach (LightningParameter _ in c) seen++;
        Assert.Equal(1, seen);
        c.RemoveAt("d");
        Assert.Equal(0, c.Count);
        c.AddWithValue("z", 1);
        c.Clear();
        Assert.Empty(c);
    }

    [Fact]
    public void CopyTo_binds_by_name_and_position()
    {
        var c = new LightningParameterCollection();
        c.AddWithValue("@id", 42);
        c.AddWithValue(":name", "n");
        c.AddWithValue(null, 1.5);
        var values = new ParameterValues();
        c.CopyTo(values);
        Assert.Equal(3, values.Count);
        Assert.True(values.TryGet("ID", out SqlValue id));
        Assert.Equal(42, id.Integer);
        Assert.True(values.TryGet("name", out SqlValue name));
        Assert.Equal("n", name.Text);
        Assert.True(values.TryGet(2, out SqlValue third));
        Assert.Equal(1.5, third.Real);
    }
}
