using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.Query;

/// <summary>Northwind families: GroupBy with aggregates, HAVING, composite keys, and the window-function shapes —
/// <c>g.First()</c>, <c>g.OrderBy(…).Take(n)</c>, <c>g.OrderBy(…).FirstOrDefault()</c> (ROW_NUMBER() OVER (PARTITION BY …)).</summary>
[Collection("Northwind")]
public sealed class GroupingQueryTests(NorthwindFixture fixture)
{
    private readonly NorthwindData _data = fixture.Data;

    [Fact]
    public void Aggregates_per_group_with_having_and_ordering()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Lines.GroupBy(l => l.ProductId)
            .Where(g => g.Count() > 2)
            .Select(g => (g.Key, Count: g.Count(), Total: g.Sum(l => l.Quantity), Max: g.Max(l => l.Quantity), Avg: Math.Round(g.Average(l => l.Quantity), 6)))
            .OrderByDescending(x => x.Total).ThenBy(x => x.Key).ToList();
        var actual = db.OrderLines.GroupBy(l => l.ProductId)
            .Where(g => g.Count() > 2)
            .Select(g => new { g.Key, Count = g.Count(), Total = g.Sum(l => l.Quantity), Max = g.Max(l => l.Quantity), Avg = g.Average(l => l.Quantity) })
            .OrderByDescending(x => x.Total).ThenBy(x => x.Key).ToList();
        Assert.Equal(expected, actual.Select(a => (a.Key, a.Count, a.Total, a.Max, Math.Round(a.Avg, 6))));
    }

    [Fact]
    public void Composite_keys_and_grouping_on_navigations()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Orders.GroupBy(o => new { o.Customer.Country, Shipped = o.ShippedDate != null })
            .Select(g => (g.Key.Country, g.Key.Shipped, g.Count())).OrderBy(x => x.Country).ThenBy(x => x.Shipped).ToList();
        var actual = db.Orders.GroupBy(o => new { o.Customer.Country, Shipped = o.ShippedDate != null })
            .Select(g => new { g.Key.Country, g.Key.Shipped, Count = g.Count() }).OrderBy(x => x.Country).ThenBy(x => x.Shipped).ToList();
        Assert.Equal(expected, actual.Select(a => (a.Country, a.Shipped, a.Count)));
    }

    [Fact]
    public void Group_first_uses_row_number()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Orders.GroupBy(o => o.CustomerId).Select(g => g.OrderBy(o => o.OrderDate).First()).Select(o => (o.CustomerId, o.Id)).OrderBy(x => x.CustomerId).ToList();
        // Ordering after Select(g => g.First()) fails inside EF Core itself (KeyNotFoundException 'EmptyProjectionMember', with
        // SQLite too), so the order is applied on the client here (docs/conformance.md).
        var actual = db.Orders.GroupBy(o => o.CustomerId).Select(g => g.OrderBy(o => o.OrderDate).First()).AsEnumerable().OrderBy(o => o.CustomerId).ToList();
        Assert.Equal(expected, actual.Select(o => (o.CustomerId, o.Id)));
        Assert.Contains("ROW_NUMBER() OVER(PARTITION BY", db.Orders.GroupBy(o => o.CustomerId).Select(g => g.First()).ToQueryString());
        var latest = db.Orders.GroupBy(o => o.CustomerId)
            .Select(g => new { g.Key, Latest = g.OrderByDescending(o => o.OrderDate).Select(o => o.Id).FirstOrDefault() }).OrderBy(x => x.Key).ToList();
        Assert.Equal(_data.Orders.GroupBy(o => o.CustomerId).Select(g => (g.Key, g.OrderByDescending(o => o.OrderDate).First().Id)).OrderBy(x => x.Key),
            latest.Select(x => (x.Key, x.Latest)));
    }

    [Fact]
    public void Group_top_n_uses_row_number_in_a_derived_table()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Lines.GroupBy(l => l.OrderId).OrderBy(g => g.Key)
            .Select(g => (g.Key, string.Join(",", g.OrderByDescending(l => l.Quantity).ThenBy(l => l.Id).Take(2).Select(l => l.Id)))).ToList();
        var query = db.OrderLines.GroupBy(l => l.OrderId).OrderBy(g => g.Key)
            .Select(g => new { g.Key, Top = g.OrderByDescending(l => l.Quantity).ThenBy(l => l.Id).Take(2).Select(l => l.Id).ToList() });
        Assert.Equal(expected, query.ToList().Select(a => (a.Key, string.Join(",", a.Top))));
        Assert.Contains("ROW_NUMBER() OVER(PARTITION BY", query.ToQueryString());
    }
}
