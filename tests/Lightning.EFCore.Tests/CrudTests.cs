using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests;

/// <summary>EnsureCreated, SaveChanges of a graph, reads with Include, updates and deletes.</summary>
public sealed class CrudTests
{
    private static Blog NewBlog(string name, int posts) => new()
    {
        Name = name,
        Url = $"https://{name}.example",
        Rating = name.Length,
        Posts = Enumerable.Range(1, posts).Select(i => new Post
        {
            Title = $"{name} post {i}",
            Content = i % 2 == 0 ? null : "text " + i,
            PublishedOn = new DateTime(2024, 1, i, 10, 30, 0),
            Likes = i * 10,
            Tags = [new Tag { Label = "t" + i }],
        }).ToList(),
    };

    [Fact]
    public void A_graph_is_saved_with_generated_keys_and_read_back_with_include()
    {
        using var db = new TestDatabase();
        using (BloggingContext context = db.CreateContext())
        {
            context.Blogs.Add(NewBlog("alpha", 3));
            context.Blogs.Add(NewBlog("beta", 2));
            Assert.Equal(2 + 5 + 5, context.SaveChanges());
            Assert.All(context.Posts.Local, p => Assert.True(p.Id > 0 && p.BlogId > 0));
        }
        using (BloggingContext context = db.CreateContext())
        {
            Blog alpha = context.Blogs.Include(b => b.Posts).ThenInclude(p => p.Tags).Single(b => b.Name == "alpha");
            Assert.Equal(3, alpha.Posts.Count);
            Assert.Equal(["alpha post 1", "alpha post 2", "alpha post 3"], alpha.Posts.OrderBy(p => p.Id).Select(p => p.Title));
            Assert.All(alpha.Posts, p => Assert.Single(p.Tags));
            Assert.Equal(new DateTime(2024, 1, 2, 10, 30, 0), alpha.Posts.Single(p => p.Title.EndsWith("2")).PublishedOn);
            Assert.Null(alpha.Posts.Single(p => p.Title.EndsWith("2")).Content);
        }
    }

    [Fact]
    public void Updates_and_deletes_are_saved()
    {
        using var db = new TestDatabase();
        using (BloggingContext context = db.CreateContext())
        {
            context.Blogs.AddRange(NewBlog("alpha", 2), NewBlog("beta", 1));
            context.SaveChanges();
        }
        using (BloggingContext context = db.CreateContext())
        {
            Blog beta = context.Blogs.Include(b => b.Posts).ThenInclude(p => p.Tags).Single(b => b.Name == "beta");
            beta.Rating = 99;
            beta.Posts[0].Title = "renamed";
            context.Tags.RemoveRange(beta.Posts.SelectMany(p => p.Tags));
            context.SaveChanges();
            Post removed = context.Posts.Single(p => p.Title == "alpha post 2");
            context.Posts.Remove(removed);
            context.SaveChanges();
        }
        using (BloggingContext context = db.CreateContext())
        {
            Assert.Equal(99, context.Blogs.Single(b => b.Name == "beta").Rating);
            Assert.True(context.Posts.Any(p => p.Title == "renamed"));
            Assert.False(context.Posts.Any(p => p.Title == "alpha post 2"));
            Assert.Equal(2, context.Posts.Count());
            Assert.Equal(2, context.Tags.Count());
        }
    }

    [Fact]
    public void A_unique_index_violation_fails_SaveChanges_and_stores_nothing()
    {
        using var db = new TestDatabase();
        using (BloggingContext context = db.CreateContext())
        {
            context.Blogs.Add(NewBlog("alpha", 0));
            context.SaveChanges();
        }
        using (BloggingContext context = db.CreateContext())
        {
            context.Blogs.Add(NewBlog("gamma", 1));
            context.Blogs.Add(NewBlog("alpha", 0));
            DbUpdateException error = Assert.Throws<DbUpdateException>(() => context.SaveChanges());
            Assert.IsType<Lightning.Data.LightningSqlException>(error.InnerException);
        }
        using (BloggingContext context = db.CreateContext())
        {
            Assert.Equal(["alpha"], context.Blogs.Select(b => b.Name).ToArray());
            Assert.Equal(0, context.Posts.Count());
        }
    }

    [Fact]
    public void EnsureDeleted_and_EnsureCreated_and_CanConnect()
    {
        using var db = new TestDatabase();
        using BloggingContext context = db.CreateContext(ensureCreated: false);
        Assert.False(context.Database.EnsureDeleted());
        Assert.True(context.Database.EnsureCreated());
        Assert.False(context.Database.EnsureCreated());
        Assert.True(context.Database.CanConnect());
        context.Blogs.Add(NewBlog("x", 1));
        context.SaveChanges();
        Assert.True(context.Database.EnsureDeleted());
        Assert.False(Directory.Exists(db.Directory));
        Assert.True(context.Database.EnsureCreated());
        Assert.Equal(0, context.Blogs.Count());
    }

    [Fact]
    public void EnsureCreated_creates_the_tables_in_an_existing_database_that_has_none_yet()
    {
        using var db = new TestDatabase();
        using (var connection = new Lightning.Data.LightningConnection(db.ConnectionString))
        {
            connection.Open(); // the directory and its files exist, with only the built-in kv table
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO kv (key, value) VALUES (X'01', X'02')";
            command.ExecuteNonQuery();
        }
        using BloggingContext context = db.CreateContext(ensureCreated: false);
        Assert.True(context.Database.EnsureCreated());
        context.Blogs.Add(NewBlog("x", 1));
        context.SaveChanges();
        Assert.Equal(1, context.Blogs.Count());
        Assert.False(context.Database.EnsureCreated());
    }
}
