using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests;

/// <summary>
/// ExecuteUpdate/ExecuteDelete whose filter or values go through a navigation or a join: EF Core writes
/// <c>UPDATE … FROM</c>, <c>DELETE … WHERE … IN (subquery)</c> and <c>EXISTS</c>. Each expected result is computed
/// with LINQ to objects over the rows as they were before the statement.
/// </summary>
public sealed class ExecuteThroughNavigationTests
{
    private static BloggingContext Seeded(TestDatabase db)
    {
        BloggingContext context = db.CreateContext();
        string[] names = ["alpha", "beta", "gamma"];
        for (int b = 0; b < names.Length; b++)
        {
            var blog = new Blog { Name = names[b], Rating = b + 1 };
            for (int p = 1; p <= 3; p++)
                blog.Posts.Add(new Post { Title = $"{names[b]} {p}", Likes = (b + 1) * 10 + p, Tags = [new Tag { Label = p % 2 == 0 ? "even" : "odd" }] });
            context.Blogs.Add(blog);
        }
        context.SaveChanges();
        context.ChangeTracker.Clear();
        return context;
    }

    private static List<Post> AllPosts(BloggingContext context) =>
        context.Posts.AsNoTracking().Include(p => p.Blog).Include(p => p.Tags).OrderBy(p => p.Id).ToList();

    [Fact]
    public void ExecuteUpdate_filtered_through_a_navigation()
    {
        using var db = new TestDatabase();
        using BloggingContext context = Seeded(db);
        List<Post> before = AllPosts(context);
        var expected = before.Select(p => (p.Id, Likes: p.Blog.Rating >= 2 ? p.Likes + 1000 : p.Likes)).ToList();

        int changed = context.Posts.Where(p => p.Blog.Rating >= 2).ExecuteUpdate(s => s.SetProperty(p => p.Likes, p => p.Likes + 1000));

        Assert.Equal(before.Count(p => p.Blog.Rating >= 2), changed);
        Assert.Equal(expected, context.Posts.OrderBy(p => p.Id).Select(p => new { p.Id, p.Likes }).AsEnumerable().Select(p => (p.Id, p.Likes)));
    }

    [Fact]
    public void ExecuteUpdate_with_a_value_read_through_a_navigation()
    {
        using var db = new TestDatabase();
        using BloggingContext context = Seeded(db);
        List<Post> before = AllPosts(context);
        var expected = before.Select(p => (p.Id, Title: p.Blog.Name != "beta" ? p.Blog.Name + ": " + p.Title : p.Title)).ToList();

        // EF Core 10 does not expand navigations inside SetProperty's value (dotnet/efcore#28627), so the value is
        // projected first; EF Core then writes UPDATE "Posts" … SET "Title" = "b"."Name" || … FROM "Blogs" AS "b".
        int changed = context.Posts.Where(p => p.Blog.Name != "beta")
            .Select(p => new { Post = p, BlogName = p.Blog.Name })
            .ExecuteUpdate(s => s.SetProperty(x => x.Post.Title, x => x.BlogName + ": " + x.Post.Title));

        Assert.Equal(6, changed);
        Assert.Equal(expected, context.Posts.OrderBy(p => p.Id).Select(p => new { p.Id, p.Title }).AsEnumerable().Select(p => (p.Id, p.Title)));
    }

    [Fact]
    public void ExecuteUpdate_over_a_join_and_over_a_page()
    {
        using var db = new TestDatabase();
        using BloggingContext context = Seeded(db);
        List<Post> before = AllPosts(context);

        int joined = context.Posts.Join(context.Tags, p => p.Id, t => t.PostId, (p, t) => new { p, t })
            .Where(x => x.t.Label == "even")
            .ExecuteUpdate(s => s.SetProperty(x => x.p.Content, x => "tagged " + x.t.Label));
        Assert.Equal(before.Count(p => p.Tags.Any(t => t.Label == "even")), joined);

        // Skip/Take becomes UPDATE … FROM (SELECT … LIMIT … OFFSET …) AS "p1".
        int paged = context.Posts.OrderBy(p => p.Likes).Skip(2).Take(3).ExecuteUpdate(s => s.SetProperty(p => p.Likes, 0));
        Assert.Equal(3, paged);

        var page = before.OrderBy(p => p.Likes).Skip(2).Take(3).Select(p => p.Id).ToHashSet();
        var expected = before.Select(p => (p.Id, Content: p.Tags.Any(t => t.Label == "even") ? "tagged even" : p.Content, Likes: page.Contains(p.Id) ? 0 : p.Likes)).ToList();
        Assert.Equal(expected, context.Posts.OrderBy(p => p.Id).Select(p => new { p.Id, p.Content, p.Likes }).AsEnumerable().Select(p => (p.Id, p.Content, p.Likes)));
    }

    [Fact]
    public void ExecuteUpdate_with_collection_navigations_in_filter_and_value()
    {
        using var db = new TestDatabase();
        using BloggingContext context = Seeded(db);
        List<Post> posts = AllPosts(context);
        // No-tracking queries give each post its own Blog instance: group by the key.
        var expected = posts.GroupBy(p => p.BlogId).OrderBy(g => g.Key)
            .Select(g => (Id: g.Key, Rating: g.Any(p => p.Likes > 25) ? g.Count(p => p.Likes > 12) : g.First().Blog.Rating)).ToList();

        int changed = context.Blogs.Where(b => b.Posts.Any(p => p.Likes > 25))
            .ExecuteUpdate(s => s.SetProperty(b => b.Rating, b => b.Posts.Count(p => p.Likes > 12)));

        Assert.Equal(expected.Count(e => posts.Any(p => p.BlogId == e.Id && p.Likes > 25)), changed);
        Assert.Equal(expected, context.Blogs.OrderBy(b => b.Id).Select(b => new { b.Id, b.Rating }).AsEnumerable().Select(b => (b.Id, b.Rating)));
    }

    [Fact]
    public void ExecuteDelete_filtered_through_navigations()
    {
        using var db = new TestDatabase();
        using BloggingContext context = Seeded(db);
        List<Post> before = AllPosts(context);

        int tags = context.Tags.Where(t => context.Posts.Any(p => p.Id == t.PostId && p.Blog.Name == "alpha")).ExecuteDelete();
        int posts = context.Posts.Where(p => p.Blog.Name == "alpha" || p.Blog.Rating == 3 && p.Likes > 31).ExecuteDelete();

        Assert.Equal(before.Where(p => p.Blog.Name == "alpha").Sum(p => p.Tags.Count), tags);
        var kept = before.Where(p => !(p.Blog.Name == "alpha" || p.Blog.Rating == 3 && p.Likes > 31)).Select(p => p.Id).ToList();
        Assert.Equal(before.Count - kept.Count, posts);
        Assert.Equal(kept, context.Posts.OrderBy(p => p.Id).Select(p => p.Id).ToList());
        Assert.Equal(before.Where(p => p.Blog.Name != "alpha").SelectMany(p => p.Tags).Select(t => t.Id).Order(), context.Tags.Select(t => t.Id).OrderBy(i => i).ToList());
    }
}
