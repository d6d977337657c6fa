using EFCoreSample.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

// EF Core sample: a small blog on Lightning.Data. The schema comes from the migration in Migrations/ (made with
// `dotnet ef migrations add InitialCreate`), applied by Migrate() at start. Every run adds a post in a transaction,
// shows a rolled-back one, reads with Include and paging, updates and deletes. Run it again: the data is still there.
string connectionString = args.Length > 0 ? $"Data Source={args[0]}" : BloggingContext.DefaultConnectionString;

using (var db = new BloggingContext(connectionString))
{
    List<string> pending = [.. db.Database.GetPendingMigrations()];
    db.Database.Migrate();
    Console.WriteLine(pending.Count > 0 ? $"migrate: applied {string.Join(", ", pending)}" : "migrate: schema is up to date");
}

using (var db = new BloggingContext(connectionString))
{
    if (!db.Blogs.Any())
    {
        var dotnet = new Tag { Label = "dotnet" };
        var storage = new Tag { Label = "storage" };
        var efcore = new Tag { Label = "efcore" };
        db.Blogs.AddRange(
            new Blog
            {
                Name = "Lightning",
                Url = "https://lightning.example",
                Posts =
                [
                    new Post { Title = "Hello, Lightning", PublishedOn = new DateTime(2026, 1, 5), Likes = 12, Tags = [dotnet, storage] },
                    new Post { Title = "Inside the WAL", PublishedOn = new DateTime(2026, 2, 9), Likes = 30, Tags = [storage] },
                    new Post { Title = "Group commit", PublishedOn = new DateTime(2026, 3, 14), Likes = 7, Tags = [storage] },
                ],
            },
            new Blog
            {
                Name = "EF Core notes",
                Posts =
                [
                    new Post { Title = "Migrations on an embedded database", PublishedOn = new DateTime(2026, 2, 1), Likes = 21, Tags = [efcore, dotnet] },
                    new Post { Title = "Include and split queries", PublishedOn = new DateTime(2026, 4, 2), Likes = 3, Tags = [efcore] },
                ],
            });
        db.SaveChanges(); // generated ids come back through RETURNING
        Console.WriteLine($"seed: {db.Blogs.Count()} blogs, {db.Posts.Count()} posts, {db.Tags.Count()} tags");
    }
}

using (var db = new BloggingContext(connectionString))
{
    // A transaction around two saves: both land, or neither does.
    using (IDbContextTransaction transaction = db.Database.BeginTransaction())
    {
        Blog lightning = db.Blogs.Single(b => b.Name == "Lightning");
        Tag storage = db.Tags.Single(t => t.Label == "storage");
        var post = new Post { Title = $"Run at {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff}", PublishedOn = DateTime.UtcNow, Tags = [storage] };
        lightning.Posts.Add(post);
        db.SaveChanges();
        lightning.Url = "https://lightning.example/blog";
        db.SaveChanges();
        transaction.Commit();
        Console.WriteLine($"transaction: committed post {post.Id} '{post.Title}'");
    }

    // A save that breaks the unique index on Blog.Name: the transaction rolls back and leaves nothing behind.
    using (IDbContextTransaction transaction = db.Database.BeginTransaction())
    {
        db.Blogs.Add(new Blog { Name = "Scratch" });
        db.SaveChanges();
        db.Blogs.Add(new Blog { Name = "Lightning" });
        try
        {
            db.SaveChanges();
            transaction.Commit();
        }
        catch (DbUpdateException e)
        {
            transaction.Rollback();
            db.ChangeTracker.Clear();
            Console.WriteLine($"transaction: rolled back ({e.InnerException?.Message ?? e.Message}); 'Scratch' exists: {db.Blogs.Any(b => b.Name == "Scratch")}");
        }
    }
}

using (var db = new BloggingContext(connectionString))
{
    Console.WriteLine("blogs with their posts and tags (Include / ThenInclude):");
    foreach (Blog blog in db.Blogs.Include(b => b.Posts).ThenInclude(p => p.Tags).OrderBy(b => b.Name).AsNoTracking())
    {
        Console.WriteLine($"  {blog.Name} <{blog.Url ?? "no url"}>");
        foreach (Post post in blog.Posts.OrderBy(p => p.PublishedOn))
            Console.WriteLine($"    {post.PublishedOn:yyyy-MM-dd} {post.Title} ({post.Likes} likes) [{string.Join(", ", post.Tags.Select(t => t.Label).Order())}]");
    }

    const int pageSize = 3;
    for (int page = 1; page <= 2; page++)
    {
        var rows = db.Posts
            .Where(p => p.Likes >= 5)
            .OrderByDescending(p => p.Likes).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new { p.Title, Blog = p.Blog.Name, p.Likes })
            .ToList();
        Console.WriteLine($"posts with at least 5 likes, page {page} of size {pageSize}: "
            + string.Join("; ", rows.Select(r => $"{r.Title} ({r.Blog}, {r.Likes})")));
    }

    // Update a tracked entity, then a set-based update that never loads the rows.
    Post top = db.Posts.OrderByDescending(p => p.Likes).ThenBy(p => p.Id).First();
    top.Likes++;
    db.SaveChanges();
    int efNotesId = db.Blogs.Where(b => b.Name == "EF Core notes").Select(b => b.Id).Single();
    int touched = db.Posts.Where(p => p.BlogId == efNotesId).ExecuteUpdate(s => s.SetProperty(p => p.Likes, p => p.Likes + 1));
    Console.WriteLine($"update: '{top.Title}' now has {top.Likes} likes; ExecuteUpdate liked {touched} EF Core posts");

    // Delete: keep the three newest run posts. Their tags are loaded so EF Core removes the join rows too
    // (Lightning.Data records foreign keys but does not enforce or cascade them: docs/sql.md).
    List<Post> old = db.Posts.Include(p => p.Tags)
        .Where(p => p.Title.StartsWith("Run at "))
        .OrderByDescending(p => p.PublishedOn).ThenByDescending(p => p.Id)
        .Skip(3)
        .ToList();
    db.Posts.RemoveRange(old);
    db.SaveChanges();
    Console.WriteLine($"delete: removed {old.Count} old run posts; now {db.Posts.Count()} posts in {db.Blogs.Count()} blogs");
}
