using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.TestSupport;

public sealed class Blog
{
    public int Id { get; set; }
    [MaxLength(200)]
    public string Name { get; set; } = "";
    public string? Url { get; set; }
    public int Rating { get; set; }
    public List<Post> Posts { get; set; } = [];
}

public sealed class Post
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string? Content { get; set; }
    public DateTime PublishedOn { get; set; }
    public int Likes { get; set; }
    public int BlogId { get; set; }
    public Blog Blog { get; set; } = null!;
    public List<Tag> Tags { get; set; } = [];
}

public sealed class Tag
{
    public int Id { get; set; }
    public string Label { get; set; } = "";
    public int PostId { get; set; }
}

/// <summary>An entity with a concurrency token checked on update and delete.</summary>
public sealed class Account
{
    public long Id { get; set; }
    public string Owner { get; set; } = "";
    public decimal Balance { get; set; }
    [ConcurrencyCheck]
    public int Version { get; set; }
}

/// <summary>The blog model used by most provider tests.</summary>
public sealed class BloggingContext(string connectionString) : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseLightning(connectionString);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Blog>().HasIndex(b => b.Name).IsUnique();
        modelBuilder.Entity<Post>().HasIndex(p => p.PublishedOn);
    }
}
