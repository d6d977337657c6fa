using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.Query;

/// <summary>Northwind families: Include and ThenInclude, filtered includes with OrderBy/Take/Skip (ROW_NUMBER inside the
/// include), in single and split query mode.</summary>
[Collection("Northwind")]
public sealed class IncludeQueryTests(NorthwindFixture fixture)
{
    private readonly NorthwindData _data = fixture.Data;

    [Fact]
    public void Include_then_include_loads_the_graph()
    {
        using NorthwindContext db = fixture.CreateContext();
        List<Customer> customers = db.Customers.Include(c => c.Orders).ThenInclude(o => o.Lines).ThenInclude(l => l.Product).AsNoTracking().OrderBy(c => c.Id).ToList();
        Assert.Equal(_data.Customers.OrderBy(c => c.Id).Select(c => (c.Id, c.Orders.Count, c.Orders.Sum(o => o.Lines.Count))),
            customers.Select(c => (c.Id, c.Orders.Count, c.Orders.Sum(o => o.Lines.Count))));
        Assert.All(customers.SelectMany(c => c.Orders).SelectMany(o => o.Lines), l => Assert.Equal(l.ProductId, l.Product.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Filtered_include_with_order_take_and_skip(bool split)
    {
        using NorthwindContext db = fixture.CreateContext();
        IQueryable<Customer> query = db.Customers.AsNoTracking()
            .Include(c => c.Orders.Where(o => o.ShippedDate != null).OrderByDescending(o => o.OrderDate).Skip(1).Take(2))
            .OrderBy(c => c.Id);
        if (split) query = query.AsSplitQuery();
        List<Customer> customers = query.ToList();
        var expected = _data.Customers.OrderBy(c => c.Id)
            .Select(c => (c.Id, string.Join(",", c.Orders.Where(o => o.ShippedDate != null).OrderByDescending(o => o.OrderDate).Skip(1).Take(2).Select(o => o.Id)))).ToList();
        Assert.Equal(expected, customers.Select(c => (c.Id, string.Join(",", c.Orders.Select(o => o.Id)))));
        if (!split) Assert.Contains("ROW_NUMBER() OVER(PARTITION BY", query.ToQueryString());
    }

    [Fact]
    public void Take_inside_a_projected_collection()
    {
        using NorthwindContext db = fixture.CreateContext();
        int n = 2;
        var actual = db.Orders.OrderBy(o => o.Id).Where(o => o.Id <= 10)
            .Select(o => new { o.Id, Top = o.Lines.OrderByDescending(l => l.Quantity).ThenBy(l => l.Id).Take(n).Select(l => l.Quantity).ToList() }).ToList();
        var expected = _data.Orders.OrderBy(o => o.Id).Where(o => o.Id <= 10)
            .Select(o => (o.Id, string.Join(",", o.Lines.OrderByDescending(l => l.Quantity).ThenBy(l => l.Id).Take(n).Select(l => l.Quantity)))).ToList();
        Assert.Equal(expected, actual.Select(a => (a.Id, string.Join(",", a.Top))));
    }
}
