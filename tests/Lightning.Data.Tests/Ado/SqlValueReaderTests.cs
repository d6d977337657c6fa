using System.Text;
using Lightning.Data.Storage;

namespace Lightning.Data.Tests.Ado;

public sealed class SqlValueReaderTests
{
    private enum Color { Red = 1, Green = 2 }

    private static SqlValue I(long v) => SqlValue.FromInteger(v);
    private static SqlValue R(double v) => SqlValue.FromReal(v);
    private static SqlValue T(string v) => SqlValue.FromText(v);
    private static SqlValue B(params byte[] v) => SqlValue.FromBlob(v);

    [Fact]
    public void Int64_from_every_numeric_form()
    {
        Assert.Equal(42L, SqlValueReader.GetInt64(I(42)));
        Assert.Equal(3L, SqlValueReader.GetInt64(R(3.9)));
        Assert.Equal(-17L, SqlValueReader.GetInt64(T("-17")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetInt64(T("abc")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetInt64(B(1)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetInt64(SqlValue.Null));
        Assert.Throws<OverflowException>(() => SqlValueReader.GetInt64(R(1e30)));
    }

    [Fact]
    public void Narrow_integers_use_checked_conversions()
    {
        Assert.Equal((byte)200, SqlValueReader.Convert(I(200), typeof(byte)));
        Assert.Equal((sbyte)-5, SqlValueReader.Convert(I(-5), typeof(sbyte)));
        Assert.Equal((short)-300, SqlValueReader.Convert(I(-300), typeof(short)));
        Assert.Equal((ushort)60000, SqlValueReader.Convert(I(60000), typeof(ushort)));
        Assert.Equal(7, SqlValueReader.Convert(I(7), typeof(int)));
        Assert.Equal(4000000000u, SqlValueReader.Convert(I(4000000000), typeof(uint)));
        Assert.Equal(9UL, SqlValueReader.Convert(I(9), typeof(ulong)));
        Assert.Throws<OverflowException>(() => SqlValueReader.Convert(I(256), typeof(byte)));
        Assert.Throws<OverflowException>(() => SqlValueReader.Convert(I(long.MaxValue), typeof(int)));
        Assert.Throws<OverflowException>(() => SqlValueReader.Convert(I(-1), typeof(ulong)));
    }

    [Fact]
    public void Double_and_decimal()
    {
        Assert.Equal(2.5, SqlValueReader.GetDouble(R(2.5)));
        Assert.Equal(3.0, SqlValueReader.GetDouble(I(3)));
        Assert.Equal(1e-3, SqlValueReader.GetDouble(T("1e-3")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetDouble(B()));
        Assert.Equal(1.5f, SqlValueReader.Convert(R(1.5), typeof(float)));
        Assert.Equal(12345678901234567890.123m, SqlValueReader.GetDecimal(T("12345678901234567890.123")));
        Assert.Equal(5m, SqlValueReader.GetDecimal(I(5)));
        Assert.Equal(0.25m, SqlValueReader.GetDecimal(R(0.25)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetDecimal(T("1,5x")));
    }

    [Fact]
    public void String_from_every_class()
    {
        Assert.Equal("abc", SqlValueReader.GetString(T("abc")));
        Assert.Equal("-9", SqlValueReader.GetString(I(-9)));
        Assert.Equal("0.5", SqlValueReader.GetString(R(0.5)));
        Assert.Equal("héllo", SqlValueReader.GetString(SqlValue.FromBlob(Encoding.UTF8.GetBytes("héllo"))));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetString(SqlValue.Null));
    }

    [Fact]
    public void Boolean()
    {
        Assert.True(SqlValueReader.GetBoolean(I(1)));
        Assert.False(SqlValueReader.GetBoolean(I(0)));
        Assert.True(SqlValueReader.GetBoolean(R(0.1)));
        Assert.True(SqlValueReader.GetBoolean(T("true")));
        Assert.False(SqlValueReader.GetBoolean(T("0")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetBoolean(T("maybe")));
    }

    [Fact]
    public void Char()
    {
        Assert.Equal('x', SqlValueReader.Convert(T("x"), typeof(char)));
        Assert.Equal('A', SqlValueReader.Convert(I(65), typeof(char)));
        Assert.Equal((char)5, SqlValueReader.Convert(I(5), typeof(char))); // a code, not the digit
        Assert.Throws<InvalidCastException>(() => SqlValueReader.Convert(T("xy"), typeof(char)));
    }

    [Fact]
    public void Guid_from_text_and_16_byte_blob()
    {
        Guid g = Guid.NewGuid();
        Assert.Equal(g, SqlValueReader.GetGuid(T(g.ToString())));
        Assert.Equal(g, SqlValueReader.GetGuid(T(g.ToString("B").ToUpperInvariant())));
        Assert.Equal(g, SqlValueReader.GetGuid(SqlValue.FromBlob(g.ToByteArray())));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetGuid(B(1, 2, 3)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetGuid(I(1)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetGuid(T("not a guid")));
    }

    [Fact]
    public void DateTime_from_text_and_julian_day()
    {
        Assert.Equal(new DateTime(2024, 2, 29, 13, 45, 6), SqlValueReader.GetDateTime(T("2024-02-29 13:45:06")));
        Assert.Equal(new DateTime(2024, 2, 29, 13, 45, 6).AddTicks(1234500), SqlValueReader.GetDateTime(T("2024-02-29 13:45:06.12345")));
        Assert.Equal(new DateTime(2024, 2, 29, 13, 45, 6), SqlValueReader.GetDateTime(T("2024-02-29T13:45:06")));
        Assert.Equal(DateTimeKind.Unspecified, SqlValueReader.GetDateTime(T("2024-02-29 13:45:06")).Kind);
        Assert.Equal(new DateTime(2000, 1, 1, 12, 0, 0), SqlValueReader.GetDateTime(R(2451545.0)));
        Assert.Equal(new DateTime(2000, 1, 2, 0, 0, 0), SqlValueReader.GetDateTime(R(2451545.5)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetDateTime(R(1e20)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetDateTime(T("yesterday")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetDateTime(B()));
    }

    [Fact]
    public void DateTimeOffset_from_text()
    {
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 13, 45, 6, TimeSpan.FromHours(2)), SqlValueReader.GetDateTimeOffset(T("2024-02-29 13:45:06+02:00")));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 13, 45, 6, TimeSpan.Zero), SqlValueReader.GetDateTimeOffset(T("2024-02-29 13:45:06")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetDateTimeOffset(I(3)));
    }

    [Fact]
    public void DateOnly_TimeOnly_TimeSpan()
    {
        Assert.Equal(new DateOnly(2024, 1, 2), SqlValueReader.Convert(T("2024-01-02"), typeof(DateOnly)));
        Assert.Equal(new DateOnly(2024, 1, 2), SqlValueReader.Convert(T("2024-01-02 10:00:00"), typeof(DateOnly)));
        Assert.Equal(new TimeOnly(13, 4, 5, 250), SqlValueReader.Convert(T("13:04:05.25"), typeof(TimeOnly)));
        Assert.Equal(new TimeSpan(1, 2, 3, 4, 5), SqlValueReader.Convert(T("1.02:03:04.0050000"), typeof(TimeSpan)));
        Assert.Equal(TimeSpan.FromHours(12), SqlValueReader.Convert(R(0.5), typeof(TimeSpan)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.Convert(T("noon"), typeof(TimeOnly)));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.Convert(B(), typeof(TimeSpan)));
    }

    [Fact]
    public void Parameter_formats_read_back()
    {
        var now = new DateTime(2023, 7, 8, 9, 10, 11).AddTicks(9999999);
        var offset = new DateTimeOffset(now, TimeSpan.FromHours(-3));
        Assert.Equal(now, SqlValueReader.Get<DateTime>(Written(now)));
        Assert.Equal(offset, SqlValueReader.Get<DateTimeOffset>(Written(offset)));
        Assert.Equal(new DateOnly(1999, 12, 31), SqlValueReader.Get<DateOnly>(Written(new DateOnly(1999, 12, 31))));
        Assert.Equal(new TimeOnly(23, 59, 59, 999), SqlValueReader.Get<TimeOnly>(Written(new TimeOnly(23, 59, 59, 999))));
        Assert.Equal(TimeSpan.FromDays(-1.25), SqlValueReader.Get<TimeSpan>(Written(TimeSpan.FromDays(-1.25))));
        Assert.Equal(123.456m, SqlValueReader.Get<decimal>(Written(123.456m)));
        Guid g = Guid.NewGuid();
        Assert.Equal(g, SqlValueReader.Get<Guid>(Written(g)));
        Assert.Equal(Color.Green, SqlValueReader.Get<Color>(Written(Color.Green)));
    }

    private static SqlValue Written(object value) => SqlValueWriter.FromObject(value, null, "p");

    [Fact]
    public void Enums_from_integer_or_name()
    {
        Assert.Equal(Color.Green, SqlValueReader.Get<Color>(I(2)));
        Assert.Equal(Color.Red, SqlValueReader.Get<Color>(T("red")));
        Assert.Equal(Color.Red, SqlValueReader.Get<Color?>(T("Red")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.Get<Color>(T("Purple")));
    }

    [Fact]
    public void Blob_stream_and_text_reader()
    {
        Assert.Equal(new byte[] { 1, 2 }, SqlValueReader.GetBlob(B(1, 2)));
        Assert.Equal("hi"u8.ToArray(), SqlValueReader.GetBlob(T("hi")));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.GetBlob(I(1)));
        using Stream stream = SqlValueReader.Get<Stream>(B(1, 2, 3));
        Assert.Equal(3, stream.Length);
        Assert.False(stream.CanWrite);
        using TextReader reader = SqlValueReader.Get<TextReader>(T("text"));
        Assert.Equal("text", reader.ReadToEnd());
    }

    [Fact]
    public void Get_handles_null_per_target_type()
    {
        Assert.Null(SqlValueReader.Get<int?>(SqlValue.Null));
        Assert.Null(SqlValueReader.Get<Guid?>(SqlValue.Null));
        Assert.Equal(DBNull.Value, SqlValueReader.Get<object>(SqlValue.Null));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.Get<int>(SqlValue.Null));
        Assert.Throws<InvalidCastException>(() => SqlValueReader.Get<string>(SqlValue.Null));
        Assert.Equal(5, SqlValueReader.Get<int?>(I(5)));
    }

    [Fact]
    public void Object_is_the_storage_value()
    {
        Assert.Equal(5L, SqlValueReader.Get<object>(I(5)));
        Assert.Equal(0.5, SqlValueReader.Get<object>(R(0.5)));
        Assert.Equal("s", SqlValueReader.Get<object>(T("s")));
        Assert.Equal(new byte[] { 9 }, SqlValueReader.Get<object>(B(9)));
    }

    [Fact]
    public void Unsupported_target_is_InvalidCast() =>
        Assert.Throws<InvalidCastException>(() => SqlValueReader.Convert(I(1), typeof(Uri)));

    [Fact]
    public void Clr_types_of_storage_classes()
    {
        Assert.Equal(typeof(long), SqlValueReader.ClrType(SqlType.Integer));
        Assert.Equal(typeof(double), SqlValueReader.ClrType(SqlType.Real));
        Assert.Equal(typeof(string), SqlValueReader.ClrType(SqlType.Text));
        Assert.Equal(typeof(byte[]), SqlValueReader.ClrType(SqlType.Blob));
    }
}
