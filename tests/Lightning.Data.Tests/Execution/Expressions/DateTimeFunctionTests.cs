using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Execution.Expressions;

/// <summary>DATE, TIME, DATETIME, JULIANDAY, UNIXEPOCH and STRFTIME over the TEXT forms Lightning.Data stores, with modifiers
/// (expected values are SQLite's).</summary>
public sealed class DateTimeFunctionTests(ConnectionFixture fixture) : IClassFixture<ConnectionFixture>
{
    private readonly LightningConnection _connection = fixture.Connection;

    [Theory]
    [InlineData("SELECT date('2024-03-15 10:20:30.1234567')", "2024-03-15")]
    [InlineData("SELECT time('2024-03-15 10:20:30.1234567')", "10:20:30")]
    [InlineData("SELECT time('2024-03-15 10:20:30.1234567', 'subsec')", "10:20:30.123")]
    [InlineData("SELECT datetime('2024-03-15')", "2024-03-15 00:00:00")]
    [InlineData("SELECT datetime('2024-03-15T10:20')", "2024-03-15 10:20:00")]
    [InlineData("SELECT datetime('2024-03-15T10:20:30+02:00')", "2024-03-15 08:20:30")]
    [InlineData("SELECT datetime('2024-03-15 10:20:30Z')", "2024-03-15 10:20:30")]
    [InlineData("SELECT time('12:34')", "12:34:00")]
    [InlineData("SELECT date('12:34:56.5')", "2000-01-01")]
    [InlineData("SELECT date('2024-02-30')", "2024-03-01")]
    [InlineData("SELECT date('2024-03-15', '+10 days')", "2024-03-25")]
    [InlineData("SELECT date('2024-03-15', '-15 days')", "2024-02-29")]
    [InlineData("SELECT date('2024-03-15', '+1 day', '+1 year')", "2025-03-16")]
    [InlineData("SELECT date('2024-01-31', '+1 months')", "2024-03-02")]
    [InlineData("SELECT date('2024-03-31', '-1 month')", "2024-03-02")]
    [InlineData("SELECT date('2024-02-29', '+1 years')", "2025-03-01")]
    [InlineData("SELECT date('2024-03-15', '-14 months')", "2023-01-15")]
    [InlineData("SELECT datetime('2024-03-15 23:30:00', '+90 minutes')", "2024-03-16 01:00:00")]
    [InlineData("SELECT datetime('2024-03-15 00:00:00', '-1 seconds')", "2024-03-14 23:59:59")]
    [InlineData("SELECT datetime('2024-03-15 10:00', '+1.5 hours')", "2024-03-15 11:30:00")]
    [InlineData("SELECT datetime('2024-03-15 10:00', '+02:30')", "2024-03-15 12:30:00")]
    [InlineData("SELECT date('2024-03-15', 'start of month')", "2024-03-01")]
    [InlineData("SELECT date('2024-03-15', 'start of year')", "2024-01-01")]
    [InlineData("SELECT datetime('2024-03-15 10:20:30', 'start of day')", "2024-03-15 00:00:00")]
    [InlineData("SELECT date('2024-03-15', 'start of month', '+1 month', '-1 day')", "2024-03-31")]
    [InlineData("SELECT date('2024-03-15', 'weekday 0')", "2024-03-17")]
    [InlineData("SELECT date('2024-03-17', 'weekday 0')", "2024-03-17")]
    [InlineData("SELECT datetime(2451545.0)", "2000-01-01 12:00:00")]
    [InlineData("SELECT datetime(86400, 'unixepoch')", "1970-01-02 00:00:00")]
    [InlineData("SELECT strftime('%Y|%m|%d|%H|%M|%S|%f|%j|%w', '2024-03-15 10:20:30.1234567')", "2024|03|15|10|20|30|30.123|075|5")]
    [InlineData("SELECT strftime('%s', '1970-01-02 00:00:00')", "86400")]
    [InlineData("SELECT strftime('%W %u %F %T %%', '2024-01-01 07:08:09')", "01 1 2024-01-01 07:08:09 %")]
    [InlineData("SELECT strftime('%H:%M', '23:59:59.9999999')", "23:59")]
    [InlineData("SELECT strftime('%J|%I %p|%l %P|%e|%k|%R', '2000-01-01 12:00:00')", "2451545.0|12 PM|12 pm| 1|12|12:00")]
    [InlineData("SELECT strftime('%I %p', '2024-03-15 00:30')", "12 AM")]
    [InlineData("SELECT strftime('%d', '2024-03-15', '+20 days')", "04")]
    public void Text_results(string sql, string expected) => Assert.Equal(expected, _connection.Scalar(sql));

    [Fact]
    public void Julian_days_and_unix_epoch_are_numbers()
    {
        Assert.Equal(2451545.0, _connection.Scalar("SELECT julianday('2000-01-01 12:00:00')"));
        Assert.Equal(2460384.5, _connection.Scalar("SELECT julianday('2024-03-15')"));
        Assert.Equal(86400L, _connection.Scalar("SELECT unixepoch('1970-01-02')"));
        Assert.Equal(1.5, _connection.Scalar("SELECT unixepoch('1970-01-01 00:00:01.5', 'subsec')"));
        Assert.Equal(31.0, _connection.Scalar("SELECT julianday('2024-02-01') - julianday('2024-01-01')"));
    }

    [Theory]
    [InlineData("SELECT date(NULL)")]
    [InlineData("SELECT date('2024-03-15', NULL)")]
    [InlineData("SELECT strftime(NULL, '2024-03-15')")]
    [InlineData("SELECT date('not a date')")]
    [InlineData("SELECT date('2024-13-01')")]
    [InlineData("SELECT time('25:00')")]
    [InlineData("SELECT date('9999-12-31', '+1 day')")]
    [InlineData("SELECT date('2024-03-15', 'unixepoch')")]
    public void Null_or_not_a_date_is_null(string sql) => Assert.Equal(DBNull.Value, _connection.Scalar(sql));

    [Fact]
    public void Now_is_utc_and_fixed_for_the_statement()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long seen = (long)_connection.Scalar("SELECT unixepoch('now')")!;
        Assert.InRange(seen, now - 5, now + 5);
        Assert.Equal(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)[..2], ((string)_connection.Scalar("SELECT date()")!)[..2]);
        _connection.Exec("CREATE TABLE IF NOT EXISTS many (id INTEGER PRIMARY KEY); DELETE FROM many; INSERT INTO many VALUES (1), (2), (3), (4), (5);");
        Assert.Equal(1L, _connection.Scalar("SELECT COUNT(DISTINCT strftime('%f', 'now')) FROM many"));
    }

    [Fact]
    public void Functions_over_stored_columns()
    {
        _connection.Exec("""
            CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at DATETIME, day DATE, clock TIME);
            DELETE FROM events;
            INSERT INTO events VALUES (1, '2024-01-05 08:00:00', '2024-01-05', '08:15:00'),
                                      (2, '2024-02-10 23:59:59.9999999', '2024-02-10', '23:59:59.9999999'),
                                      (3, NULL, NULL, NULL);
            """);
        Assert.Equal(2L, _connection.Scalar("SELECT COUNT(*) FROM events WHERE CAST(strftime('%Y', at) AS INTEGER) = 2024"));
        Assert.Equal("2024-02-11 00:00:00", _connection.Scalar("SELECT datetime(at, '+1 seconds') FROM events WHERE id = 2"));
        Assert.Equal("2024-01-06", _connection.Scalar("SELECT date(day, '+1 days') FROM events WHERE id = 1"));
        Assert.Equal("59.999", _connection.Scalar("SELECT strftime('%f', clock) FROM events WHERE id = 2"));
        Assert.Equal(DBNull.Value, _connection.Scalar("SELECT strftime('%Y', at) FROM events WHERE id = 3"));
    }

    [Theory]
    [InlineData("SELECT strftime('%Q', '2024-03-15')", 1, 17, LightningErrorCode.SqlInvalidOperation)]
    [InlineData("SELECT date('2024-03-15', '+1 fortnight')", 1, 27, LightningErrorCode.SqlInvalidOperation)]
    [InlineData("SELECT date(X'00')", 1, 8, LightningErrorCode.SqlTypeMismatch)]
    [InlineData("SELECT strftime()", 1, 8, LightningErrorCode.SqlUnknownObject)]
    public void Errors_carry_a_position(string sql, int line, int column, LightningErrorCode code)
    {
        var error = Assert.Throws<LightningSqlException>(() => _connection.Scalar(sql));
        Assert.Equal(code, error.Code);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void A_modifier_from_a_column_is_checked_when_evaluated()
    {
        _connection.Exec("CREATE TABLE IF NOT EXISTS mods (m TEXT); DELETE FROM mods; INSERT INTO mods VALUES ('+2 days'), ('sideways');");
        var error = Assert.Throws<LightningSqlException>(() => _connection.Scalar("SELECT COUNT(date('2024-01-01', m)) FROM mods"));
        Assert.Equal(LightningErrorCode.SqlInvalidOperation, error.Code);
        Assert.Equal((1, 14), (error.Line, error.Column));
    }
}
