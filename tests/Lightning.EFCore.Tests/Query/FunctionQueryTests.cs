using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.Query;

/// <summary>Northwind families: string, math and date/time translations, checked against LINQ to objects on the same rows
/// (and that they really run in SQL: the generated text names the KV-SQL function).</summary>
[Collection("Northwind")]
public sealed class FunctionQueryTests(NorthwindFixture fixture)
{
    private readonly NorthwindData _data = fixture.Data;

    [Fact]
    public void Math_functions()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Products.OrderBy(p => p.Id).Select(p => new[]
        {
            Math.Floor(p.UnitPrice), Math.Ceiling(p.UnitPrice), Math.Truncate(p.UnitPrice), Math.Pow(p.UnitPrice, 2), Math.Sqrt(p.UnitPrice),
            Math.Exp(p.UnitPrice / 100), Math.Log(p.UnitPrice), Math.Log10(p.UnitPrice), Math.Log2(p.UnitPrice), Math.Log(p.UnitPrice, 3),
            Math.Sin(p.UnitPrice), Math.Cos(p.UnitPrice), Math.Tan(p.UnitPrice), Math.Asin(p.UnitPrice / 100), Math.Acos(p.UnitPrice / 100),
            Math.Atan(p.UnitPrice), Math.Atan2(p.UnitPrice, 2), Math.Max(p.UnitPrice, 20), Math.Min(p.UnitPrice, 20), Math.Sign(p.UnitPrice - 20),
            Math.Round(p.UnitPrice / 7, 3), Math.Abs(20 - p.UnitPrice), double.DegreesToRadians(p.UnitPrice),
        }).ToList();
        var query = db.Products.OrderBy(p => p.Id).Select(p => new[]
        {
            Math.Floor(p.UnitPrice), Math.Ceiling(p.UnitPrice), Math.Truncate(p.UnitPrice), Math.Pow(p.UnitPrice, 2), Math.Sqrt(p.UnitPrice),
            Math.Exp(p.UnitPrice / 100), Math.Log(p.UnitPrice), Math.Log10(p.UnitPrice), Math.Log2(p.UnitPrice), Math.Log(p.UnitPrice, 3),
            Math.Sin(p.UnitPrice), Math.Cos(p.UnitPrice), Math.Tan(p.UnitPrice), Math.Asin(p.UnitPrice / 100), Math.Acos(p.UnitPrice / 100),
            Math.Atan(p.UnitPrice), Math.Atan2(p.UnitPrice, 2), Math.Max(p.UnitPrice, 20), Math.Min(p.UnitPrice, 20), Math.Sign(p.UnitPrice - 20),
            Math.Round(p.UnitPrice / 7, 3), Math.Abs(20 - p.UnitPrice), double.DegreesToRadians(p.UnitPrice),
        });
        var actual = query.ToList();
        for (int i = 0; i < expected.Count; i++)
            for (int j = 0; j < expected[i].Length; j++)
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) < 1e-9, $"product {i + 1}, function {j}: {expected[i][j]} vs {actual[i][j]}");
        string sql = query.ToQueryString();
        foreach (string function in new[] { "FLOOR", "CEILING", "TRUNC", "POWER", "SQRT", "EXP", "LN", "LOG10", "LOG2", "LOG(", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN2", "MAX", "MIN", "SIGN", "ROUND", "ABS", "RADIANS" })
            Assert.Contains(function, sql);
        // ROUND rounds a midpoint away from zero (SQLite), Math.Round to even: 4.25 → 4.3 in SQL, 4.2 in .NET (docs/conformance.md).
        Assert.Equal(4.3, db.Products.Where(p => p.Id == 1).Select(p => Math.Round(p.UnitPrice, 1)).Single());
        Assert.Equal(_data.Products.Count(p => Math.Floor(p.UnitPrice / 10) == 2), db.Products.Count(p => Math.Floor(p.UnitPrice / 10) == 2));
        Assert.Equal(_data.Lines.Count(l => Math.Max(l.Quantity, 10) == 10), db.OrderLines.Count(l => Math.Max(l.Quantity, 10) == 10));
        float f = 2.5f;
        Assert.Equal(_data.Products.Count(p => MathF.Sqrt(p.UnitsInStock) > f), db.Products.Count(p => MathF.Sqrt(p.UnitsInStock) > f));
    }

    [Fact]
    public void Date_time_members()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Orders.OrderBy(o => o.Id).Select(o => (o.OrderDate.Year, o.OrderDate.Month, o.OrderDate.Day, o.OrderDate.Hour, o.OrderDate.Minute,
            o.OrderDate.Second, o.OrderDate.Millisecond, o.OrderDate.DayOfYear, o.OrderDate.DayOfWeek, o.OrderDate.Date, o.OrderDate.TimeOfDay)).ToList();
        var actual = db.Orders.OrderBy(o => o.Id).Select(o => new
        {
            o.OrderDate.Year, o.OrderDate.Month, o.OrderDate.Day, o.OrderDate.Hour, o.OrderDate.Minute,
            o.OrderDate.Second, o.OrderDate.Millisecond, o.OrderDate.DayOfYear, o.OrderDate.DayOfWeek, o.OrderDate.Date, o.OrderDate.TimeOfDay,
        }).ToList();
        Assert.Equal(expected, actual.Select(a => (a.Year, a.Month, a.Day, a.Hour, a.Minute, a.Second, a.Millisecond, a.DayOfYear, a.DayOfWeek, a.Date, a.TimeOfDay)));
        Assert.Equal(_data.Orders.Where(o => o.OrderDate.Month == 3 && o.OrderDate.DayOfWeek == DayOfWeek.Friday).Select(o => o.Id),
            db.Orders.Where(o => o.OrderDate.Month == 3 && o.OrderDate.DayOfWeek == DayOfWeek.Friday).OrderBy(o => o.Id).Select(o => o.Id).ToList());
        var day = new DateTime(2023, 4, 10);
        Assert.Equal(_data.Orders.Count(o => o.OrderDate.Date == day), db.Orders.Count(o => o.OrderDate.Date == day));
        Assert.Equal(_data.Orders.Count(o => o.ShippedDate != null && o.ShippedDate.Value.Year == 2024), db.Orders.Count(o => o.ShippedDate!.Value.Year == 2024));
    }

    [Fact]
    public void Date_only_and_time_only_members()
    {
        using NorthwindContext db = fixture.CreateContext();
        Assert.Equal(_data.Products.OrderBy(p => p.Id).Select(p => (p.Introduced.Year, p.Introduced.Month, p.Introduced.Day, p.Introduced.DayOfYear, p.Introduced.DayOfWeek)),
            db.Products.OrderBy(p => p.Id).Select(p => new { p.Introduced.Year, p.Introduced.Month, p.Introduced.Day, p.Introduced.DayOfYear, p.Introduced.DayOfWeek })
                .AsEnumerable().Select(a => (a.Year, a.Month, a.Day, a.DayOfYear, a.DayOfWeek)));
        Assert.Equal(_data.Orders.OrderBy(o => o.Id).Select(o => (o.DeliveryFrom.Hour, o.DeliveryFrom.Minute, o.DeliveryFrom.Second)),
            db.Orders.OrderBy(o => o.Id).Select(o => new { o.DeliveryFrom.Hour, o.DeliveryFrom.Minute, o.DeliveryFrom.Second })
                .AsEnumerable().Select(a => (a.Hour, a.Minute, a.Second)));
    }

    [Fact]
    public void Date_arithmetic()
    {
        using NorthwindContext db = fixture.CreateContext();
        // Milliseconds survive (STRFTIME's %f); the stored values have whole milliseconds, so the results are exact.
        Assert.Equal(_data.Orders.OrderBy(o => o.Id).Select(o => (o.OrderDate.AddDays(10), o.OrderDate.AddHours(-5), o.OrderDate.AddMinutes(90), o.OrderDate.AddSeconds(30), o.OrderDate.AddMilliseconds(500), o.OrderDate.AddYears(1))),
            db.Orders.OrderBy(o => o.Id).Select(o => new { A = o.OrderDate.AddDays(10), B = o.OrderDate.AddHours(-5), C = o.OrderDate.AddMinutes(90), D = o.OrderDate.AddSeconds(30), E = o.OrderDate.AddMilliseconds(500), F = o.OrderDate.AddYears(1) })
                .AsEnumerable().Select(a => (a.A, a.B, a.C, a.D, a.E, a.F)));
        // .NET clamps AddMonths to the month's last day, SQLite's '+N months' rolls over: compare on days 1-28 (docs/conformance.md).
        Assert.Equal(_data.Orders.Where(o => o.OrderDate.Day <= 28).OrderBy(o => o.Id).Select(o => o.OrderDate.AddMonths(2)),
            db.Orders.Where(o => o.OrderDate.Day <= 28).OrderBy(o => o.Id).Select(o => o.OrderDate.AddMonths(2)).ToList());
        int days = 3;
        Assert.Equal(_data.Orders.Count(o => o.ShippedDate > o.OrderDate.AddDays(days)), db.Orders.Count(o => o.ShippedDate > o.OrderDate.AddDays(days)));
        Assert.Equal(_data.Products.OrderBy(p => p.Id).Select(p => p.Introduced.AddDays(30).AddMonths(1).AddYears(-1)),
            db.Products.OrderBy(p => p.Id).Select(p => p.Introduced.AddDays(30).AddMonths(1).AddYears(-1)).ToList());
        Assert.Equal(_data.Orders.OrderBy(o => o.Id).Select(o => o.DeliveryFrom.AddHours(20).AddMinutes(-15)),
            db.Orders.OrderBy(o => o.Id).Select(o => o.DeliveryFrom.AddHours(20).AddMinutes(-15)).ToList());
    }

    [Fact]
    public void Now_utc_now_and_today()
    {
        using NorthwindContext db = fixture.CreateContext();
        DateTime utc = db.Orders.Select(o => DateTime.UtcNow).First();
        Assert.InRange(utc, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        DateTime now = db.Orders.Select(o => DateTime.Now).First();
        Assert.InRange(now, DateTime.Now.AddMinutes(-1), DateTime.Now.AddMinutes(1));
        DateTime today = db.Orders.Select(o => DateTime.Today).First();
        Assert.True(today == DateTime.Today || today == DateTime.Today.AddDays(-1), today.ToString("O"));
        Assert.Equal(_data.Orders.Count, db.Orders.Count(o => o.OrderDate < DateTime.UtcNow));
    }

    [Fact]
    public void String_functions_concat_compare_and_to_string()
    {
        using NorthwindContext db = fixture.CreateContext();
        Assert.Equal(_data.Customers.OrderBy(c => c.Id).Select(c => string.Concat(c.Id, "-", c.Country)),
            db.Customers.OrderBy(c => c.Id).Select(c => string.Concat(c.Id, "-", c.Country)).ToList());
        Assert.Equal(_data.Customers.Count(c => string.Compare(c.Country, "Portugal") > 0), db.Customers.Count(c => string.Compare(c.Country, "Portugal") > 0));
        Assert.Equal(_data.Customers.Count(c => c.Country.CompareTo("Portugal") <= 0), db.Customers.Count(c => c.Country.CompareTo("Portugal") <= 0));
        Assert.Equal(_data.Lines.OrderBy(l => l.Id).Select(l => l.Quantity.ToString() + "x" + l.ProductId.ToString()),
            db.OrderLines.OrderBy(l => l.Id).Select(l => l.Quantity.ToString() + "x" + l.ProductId.ToString()).ToList());
        // A whole double keeps its ".0" in SQL (docs/conformance.md): 15.0 prints "15.0", .NET prints "15".
        Assert.Equal("15.0", db.Products.Where(p => p.Id == 4).Select(p => p.UnitPrice.ToString()).Single());
        Assert.Equal(_data.Products.OrderBy(p => p.Id).Select(p => p.Discontinued.ToString()),
            db.Products.OrderBy(p => p.Id).Select(p => p.Discontinued.ToString()).ToList());
        Assert.Equal(_data.Orders.Count(o => o.Id.ToString().EndsWith('7'.ToString())), db.Orders.Count(o => o.Id.ToString().EndsWith("7")));
        Assert.Equal(_data.Customers.Where(c => c.CompanyName.Contains("GmbH")).Select(c => c.CompanyName.Substring(8).Trim().ToUpper()).Order(),
            db.Customers.Where(c => c.CompanyName.Contains("GmbH")).Select(c => c.CompanyName.Substring(8).Trim().ToUpper()).OrderBy(x => x).ToList());
    }
}
