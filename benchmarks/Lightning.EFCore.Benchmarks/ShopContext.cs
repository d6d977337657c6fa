using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Benchmarks;

/// <summary>One model for both providers; the provider and its (already open) connection come with the options.</summary>
public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Product>().HasIndex(p => p.Category);
}
