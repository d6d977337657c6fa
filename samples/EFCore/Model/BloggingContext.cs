using Microsoft.EntityFrameworkCore;

namespace EFCoreSample.Model;

/// <summary>
/// The sample's context. The parameterless constructor is the one the EF Core tools use
/// (<c>dotnet ef migrations add</c>, <c>dotnet ef database update</c>): it points at blog.ldb in the current directory.
/// </summary>
public sealed class BloggingContext(string connectionString) : DbContext
{
    public const string DefaultConnectionString = "Data Source=blog.ldb";

    public BloggingContext() : this(DefaultConnectionString)
    {
    }

    public DbSet<Blog> Blogs => Set<Blog>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Tag> Tags => Set<Tag>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseLightning(connectionString);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Blog>().HasIndex(b => b.Name).IsUnique();
        modelBuilder.Entity<Blog>().Property(b => b.Name).HasMaxLength(100);
        modelBuilder.Entity<Post>().HasIndex(p => p.PublishedOn);
        modelBuilder.Entity<Tag>().HasIndex(t => t.Label).IsUnique();
    }
}
