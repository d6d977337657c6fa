using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.Query;

public sealed class Customer
{
    public string Id { get; set; } = "";
    public string CompanyName { get; set; } = "";
    public string? City { get; set; }
    public string Country { get; set; } = "";
    public List<Order> Orders { get; set; } = [];
}

public sealed class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public double UnitPrice { get; set; }
    public int UnitsInStock { get; set; }
    public bool Discontinued { get; set; }
    public DateOnly Introduced { get; set; }
}

public sealed class Order
{
    public int Id { get; set; }
    public string CustomerId { get; set; } = "";
    public Customer Customer { get; set; } = null!;
    public DateTime OrderDate { get; set; }
    public DateTime? ShippedDate { get; set; }
    public TimeOnly DeliveryFrom { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}

public sealed class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public Order Order { get; set; } = null!;
    public int ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public int Quantity { get; set; }
    public double Discount { get; set; }
}

/// <summary>A small Northwind-shaped model for the query tests: customers, orders, order lines, products.</summary>
public sealed class NorthwindContext(string connectionString) : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Product> Products => Set<Product>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseLightning(connectionString);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>().Property(c => c.Id).HasMaxLength(5);
        modelBuilder.Entity<Order>().HasIndex(o => o.OrderDate);
    }
}
