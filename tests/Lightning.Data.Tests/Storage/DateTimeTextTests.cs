using System.Globalization;
using Lightning.Data.Storage;

namespace Lightning.Data.Tests.Storage;

/// <summary>The hand-written canonical DateTime text must agree exactly with the general .NET formatter and parser it replaces.</summary>
public sealed class DateTimeTextTests
{
    private static string GeneralFormat(DateTime value) =>
        value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');

    private static DateTime[] Samples()
    {
        var samples = new List<DateTime>
        {
            DateTime.MinValue, DateTime.MaxValue, new(2026, 1, 1), new(2024, 2, 29, 23, 59, 59), new(999, 12, 31, 1, 2, 3),
            new DateTime(2026, 6, 1, 12, 30, 45, DateTimeKind.Utc).AddTicks(1), new DateTime(2026, 6, 1, 12, 30, 45, DateTimeKind.Local).AddTicks(1_000_000),
            new DateTime(2026, 6, 1).AddTicks(1_234_500), new DateTime(2026, 6, 1).AddTicks(9_999_999),
        };
        var random = new Random(20261125);
        for (int i = 0; i < 2_000; i++) samples.Add(new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks)));
        return [.. samples];
    }

    [Fact]
    public void Format_matches_the_general_formatter()
    {
        foreach (DateTime value in Samples()) Assert.Equal(GeneralFormat(value), DateTimeText.Format(value));
    }

    [Fact]
    public void Parse_round_trips_and_matches_the_general_reader()
    {
        foreach (DateTime value in Samples())
        {
            string text = DateTimeText.Format(value);
            Assert.True(DateTimeText.TryParse(text, out DateTime parsed), text);
            Assert.Equal(value.Ticks, parsed.Ticks);
            Assert.Equal(DateTimeKind.Unspecified, parsed.Kind);
            DateTime general = DateTime.Parse(text, CultureInfo.InvariantCulture);
            Assert.Equal(general.Ticks, parsed.Ticks);
        }
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05", 2026, 1, 2, 3, 4, 5, 0)]
    [InlineData("2026-01-02 03:04:05.5", 2026, 1, 2, 3, 4, 5, 5_000_000)]
    [InlineData("2026-01-02 03:04:05.0000001", 2026, 1, 2, 3, 4, 5, 1)]
    public void Parse_accepts_the_T_separator_and_short_fractions(string text, int year, int month, int day, int hour, int minute, int second, long ticks)
    {
        Assert.True(DateTimeText.TryParse(text, out DateTime parsed));
        Assert.Equal(new DateTime(year, month, day, hour, minute, second).AddTicks(ticks), parsed);
    }

    [Theory]
    [InlineData("2026-01-02")]
    [InlineData("2026-01-02 03:04")]
    [InlineData("2026-01-02 03:04:05.")]
    [InlineData("2026-01-02 03:04:05.12345678")]
    [InlineData("2026-01-02 03:04:05Z")]
    [InlineData("2026-01-02 03:04:05+02:00")]
    [InlineData("2026-01-02 03:04:05.1Z")]
    [InlineData("2026-02-30 03:04:05")]
    [InlineData("2026-13-01 03:04:05")]
    [InlineData("0000-01-01 00:00:00")]
    [InlineData("2026-01-02 24:00:00")]
    [InlineData("2026-01-02 03:60:05")]
    [InlineData("2026/01/02 03:04:05")]
    [InlineData("2026-01-02 03:04:0x")]
    [InlineData("")]
    public void Parse_leaves_every_other_text_to_the_general_parser(string text) => Assert.False(DateTimeText.TryParse(text, out _));

    [Fact]
    public void The_reader_keeps_its_kinds_for_text_with_an_offset()
    {
        Assert.Equal(DateTimeKind.Utc, SqlValueReader.GetDateTime(SqlValue.FromText("2026-01-02 03:04:05Z")).Kind);
        Assert.Equal(DateTimeKind.Unspecified, SqlValueReader.GetDateTime(SqlValue.FromText("2026-01-02 03:04:05.25")).Kind);
        Assert.Equal(new DateTime(2026, 1, 2), SqlValueReader.GetDateTime(SqlValue.FromText("2026-01-02")));
    }
}
