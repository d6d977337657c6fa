using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.Query;

/// <summary>Northwind families: projections (anonymous types, computed columns, conditionals), inner and left joins,
/// navigations, SelectMany and correlated subqueries.</summary>
[Collection("Northwind")]
public sealed class ProjectionAndJoinQueryTests(NorthwindFixture fixture)
{
    private readonly NorthwindData _data = fixture.Data;

    [Fact]
    public void Projections_with_computed_and_conditional_columns()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Lines.OrderBy(l => l.Id).Select(l => new { l.Id, Total = l.Quantity * l.Product.UnitPrice * (1 - l.Discount), Big = l.Quantity > 10 ? "big" : "small" }).ToList();
        var actual = db.OrderLines.OrderBy(l => l.Id).Select(l => new { l.Id, Total = l.Quantity * l.Product.UnitPrice * (1 - l.Discount), Big = l.Quantity > 10 ? "big" : "small" }).ToList();
        Assert.Equal(expected.Select(e => (e.Id, Math.Round(e.Total, 6), e.Big)), actual.Select(a => (a.Id, Math.Round(a.Total, 6), a.Big)));
    }

    [Fact]
    public void Inner_join_navigation_and_select_many()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = (from o in _data.Orders join c in _data.Customers on o.CustomerId equals c.Id where c.Country == "Germany" orderby o.Id select (o.Id, c.CompanyName)).ToList();
        var actual = (from o in db.Orders join c in db.Customers on o.CustomerId equals c.Id where c.Country == "Germany" orderby o.Id select new { o.Id, c.CompanyName }).ToList();
        Assert.Equal(expected, actual.Select(a => (a.Id, a.CompanyName)));
        Assert.Equal(_data.Lines.Where(l => l.Order.Customer.City == "Madrid").Select(l => l.Id).Order(),
            db.OrderLines.Where(l => l.Order.Customer.City == "Madrid").Select(l => l.Id).OrderBy(i => i).ToList());
        Assert.Equal(_data.Customers.SelectMany(c => c.Orders).SelectMany(o => o.Lines).Sum(l => l.Quantity),
            db.Customers.SelectMany(c => c.Orders).SelectMany(o => o.Lines).Sum(l => l.Quantity));
    }

    [Fact]
    public void Left_join_keeps_rows_without_matches()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = (from c in _data.Customers
                        join o in _data.Orders on c.Id equals o.CustomerId into orders
                        from o in orders.DefaultIfEmpty()
                        orderby c.Id, o == null ? 0 : o.Id
                        select (c.Id, o?.Id)).ToList();
        var actual = (from c in db.Customers
                      join o in db.Orders on c.Id equals o.CustomerId into orders
                      from o in orders.DefaultIfEmpty()
                      orderby c.Id, o == null ? 0 : o.Id
                      select new { c.Id, OrderId = (int?)o.Id }).ToList();
        Assert.Equal(expected, actual.Select(a => (a.Id, a.OrderId)));
        Assert.Contains(("WOLZA", (int?)null), expected);
        Assert.Equal(_data.Products.Where(p => !_data.Lines.Any(l => l.ProductId == p.Id)).Select(p => p.Id),
            db.Products.Where(p => !db.OrderLines.Any(l => l.ProductId == p.Id)).OrderBy(p => p.Id).Select(p => p.Id).ToList());
    }

    [Fact]
    public void Correlated_subqueries_in_projection_and_filter()
    {
        using NorthwindContext db = fixture.CreateContext();
        var expected = _data.Customers.OrderBy(c => c.Id)
            .Select(c => (c.Id, c.Orders.Count, Last: c.Orders.Count == 0 ? (DateTime?)null : c.Orders.Max(o => o.OrderDate))).ToList();
        var actual = db.Customers.OrderBy(c => c.Id)
            .Select(c => new { c.Id, Count = c.Orders.Count, Last = c.Orders.Max(o => (DateTime?)o.OrderDate) }).ToList();
        Assert.Equal(expected, actual.Select(a => (a.Id, a.Count, a.Last)));
        Assert.Equal(_data.Orders.Where(o => o.Lines.Sum(l => l.Quantity) > 30).Select(o => o.Id),
            db.Orders.Where(o => o.Lines.Sum(l => l.Quantity) > 30).OrderBy(o => o.Id).Select(o => o.Id).ToList());
        Assert.Equal(_data.Orders.Where(o => o.Lines.Any(l => l.Product.Discontinued)).Select(o => o.Id),
            db.Orders.Where(o => o.Lines.Any(l => l.Product.Discontinued)).OrderBy(o => o.Id).Select(o => o.Id).ToList());
    }
}
