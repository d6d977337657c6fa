using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.Query;

/// <summary>Northwind families: filters (constants, parameters, nulls, IN lists, booleans), ordering, paging, First/Single/Any/Count.</summary>
[Collection("Northwind")]
public sealed class FilterAndPagingQueryTests(NorthwindFixture fixture)
{
    private readonly NorthwindData _data = fixture.Data;

    [Fact]
    public void Filters_on_constants_parameters_and_nulls()
    {
        using NorthwindContext db = fixture.CreateContext();
        string city = "London";
        Assert.Equal(_data.Customers.Where(c => c.City == city).Select(c => c.Id).Order(),
            db.Customers.Where(c => c.City == city).Select(c => c.Id).OrderBy(id => id).ToList());
        Assert.Equal(_data.Customers.Count(c => c.City == null), db.Customers.Count(c => c.City == null));
        Assert.Equal(_data.Customers.Count(c => c.City != "Berlin"), db.Customers.Count(c => c.City != "Berlin"));
        Assert.Equal(_data.Orders.Count(o => o.ShippedDate == null), db.Orders.Count(o => o.ShippedDate == null));
        Assert.Equal(_data.Products.Count(p => !p.Discontinued && p.UnitPrice > 20), db.Products.Count(p => !p.Discontinued && p.UnitPrice > 20));
        var countries = new[] { "Spain", "France" };
        Assert.Equal(_data.Customers.Where(c => countries.Contains(c.Country)).Select(c => c.Id).Order(),
            db.Customers.Where(c => countries.Contains(c.Country)).OrderBy(c => c.Id).Select(c => c.Id).ToList());
        DateTime from = new(2023, 6, 1);
        Assert.Equal(_data.Orders.Count(o => o.OrderDate >= from && o.OrderDate < from.AddMonths(3)),
            db.Orders.Count(o => o.OrderDate >= from && o.OrderDate < from.AddMonths(3)));
    }

    [Fact]
    public void Ordering_then_by_descending_and_paging()
    {
        using NorthwindContext db = fixture.CreateContext();
        Assert.Equal(_data.Products.OrderByDescending(p => p.UnitsInStock).ThenBy(p => p.Name).Select(p => p.Id).Skip(2).Take(5),
            db.Products.OrderByDescending(p => p.UnitsInStock).ThenBy(p => p.Name).Select(p => p.Id).Skip(2).Take(5).ToList());
        int skip = 40, take = 20;
        Assert.Equal(_data.Orders.OrderBy(o => o.OrderDate).Skip(skip).Take(take).Select(o => o.Id),
            db.Orders.OrderBy(o => o.OrderDate).Skip(skip).Take(take).Select(o => o.Id).ToList());
        Assert.Equal(_data.Customers.OrderBy(c => c.City == null).ThenBy(c => c.City).ThenBy(c => c.Id).Select(c => c.Id),
            db.Customers.OrderBy(c => c.City == null).ThenBy(c => c.City).ThenBy(c => c.Id).Select(c => c.Id).ToList());
    }

    [Fact]
    public void Element_operators_and_quantifiers()
    {
        using NorthwindContext db = fixture.CreateContext();
        Assert.Equal(_data.Orders.MinBy(o => o.OrderDate)!.Id, db.Orders.OrderBy(o => o.OrderDate).First().Id);
        Assert.Null(db.Orders.FirstOrDefault(o => o.OrderDate.Year == 1999));
        Assert.Equal("ALFKI", db.Customers.Single(c => c.Id == "ALFKI").Id);
        Assert.Throws<InvalidOperationException>(() => db.Customers.Single(c => c.Country == "Germany"));
        Assert.True(db.Products.Any(p => p.Discontinued));
        Assert.Equal(_data.Products.All(p => p.UnitsInStock > 0), db.Products.All(p => p.UnitsInStock > 0));
        Assert.Equal(_data.Lines.LongCount(), db.OrderLines.LongCount());
        Assert.Equal(_data.Orders.Select(o => o.CustomerId).Distinct().Count(), db.Orders.Select(o => o.CustomerId).Distinct().Count());
    }

    [Fact]
    public void Set_operations()
    {
        using NorthwindContext db = fixture.CreateContext();
        Assert.Equal(_data.Customers.Where(c => c.Country == "UK").Select(c => c.Id).Union(_data.Customers.Where(c => c.Country == "Spain").Select(c => c.Id)).Order(),
            db.Customers.Where(c => c.Country == "UK").Select(c => c.Id).Union(db.Customers.Where(c => c.Country == "Spain").Select(c => c.Id)).OrderBy(x => x).ToList());
        Assert.Equal(_data.Orders.Select(o => o.CustomerId).Intersect(_data.Customers.Where(c => c.Country == "Germany").Select(c => c.Id)).Order(),
            db.Orders.Select(o => o.CustomerId).Intersect(db.Customers.Where(c => c.Country == "Germany").Select(c => c.Id)).OrderBy(x => x).ToList());
        Assert.Equal(_data.Customers.Select(c => c.Id).Except(_data.Orders.Select(o => o.CustomerId)),
            db.Customers.Select(c => c.Id).Except(db.Orders.Select(o => o.CustomerId)).ToList());
        Assert.Equal(_data.Products.Where(p => p.Id < 3).Select(p => p.Name).Concat(_data.Products.Where(p => p.Id < 2).Select(p => p.Name)).Count(),
            db.Products.Where(p => p.Id < 3).Select(p => p.Name).Concat(db.Products.Where(p => p.Id < 2).Select(p => p.Name)).Count());
    }
}
