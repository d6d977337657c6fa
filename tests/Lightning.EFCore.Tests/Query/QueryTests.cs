using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests.Query;

/// <summary>The LINQ query families users write (filters, ordering, paging, projections, joins, grouping, subqueries, functions).</summary>
public sealed class QueryTests(SeededDatabase seeded) : IClassFixture<SeededDatabase>
{
    [Fact]
    public void Filters_with_parameters_constants_and_null_checks()
    {
        using BloggingContext context = seeded.CreateContext();
        int minLikes = 22;
        Assert.Equal(5, context.Posts.Count(p => p.Likes >= minLikes));
        Assert.Equal(3, context.Posts.Count(p => p.Content == null));
        Assert.Equal(["gamma"], context.Blogs.Where(b => b.Url == null).Select(b => b.Name).ToArray());
        Assert.Equal(2, context.Blogs.Count(b => b.Rating > 1 && (b.Name == "beta" || b.Url == null)));
        Assert.True(context.Posts.Any(p => p.PublishedOn > new DateTime(2024, 3, 1)));
        var ids = new[] { 1, 3 };
        Assert.Equal(["alpha", "gamma"], context.Blogs.Where(b => ids.Contains(b.Id)).OrderBy(b => b.Id).Select(b => b.Name).ToArray());
    }

    [Fact]
    public void Ordering_and_paging()
    {
        using BloggingContext context = seeded.CreateContext();
        Assert.Equal([33, 32, 31], context.Posts.OrderByDescending(p => p.Likes).Take(3).Select(p => p.Likes).ToArray());
        Assert.Equal([21, 22, 23], context.Posts.OrderBy(p => p.Likes).Skip(3).Take(3).Select(p => p.Likes).ToArray());
        Assert.Equal([32, 33], context.Posts.OrderBy(p => p.Likes).Skip(7).Select(p => p.Likes).ToArray());
        Assert.Equal(["gamma post 1", "gamma post 2"],
            context.Posts.OrderBy(p => p.Blog.Name == "gamma" ? 0 : 1).ThenBy(p => p.Title).Take(2).Select(p => p.Title).ToArray());
        Post first = context.Posts.OrderBy(p => p.PublishedOn).First();
        Assert.Equal("alpha post 1", first.Title);
    }

    [Fact]
    public void Projections_and_joins()
    {
        using BloggingContext context = seeded.CreateContext();
        var rows = context.Posts.Where(p => p.Likes < 13).OrderBy(p => p.Id)
            .Select(p => new { p.Title, Blog = p.Blog.Name, Double = p.Likes * 2 }).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("alpha post 1", "alpha", 22), (rows[0].Title, rows[0].Blog, rows[0].Double));
        var joined = (from b in context.Blogs
                      join p in context.Posts on b.Id equals p.BlogId
                      where p.Likes % 10 == 3
                      orderby b.Name
                      select b.Name + ":" + p.Title).ToArray();
        Assert.Equal(["alpha:alpha post 3", "beta:beta post 3", "gamma:gamma post 3"], joined);
        var blogsWithCounts = context.Blogs.OrderBy(b => b.Id).Select(b => new { b.Name, Count = b.Posts.Count(p => p.Content != null) }).ToList();
        Assert.All(blogsWithCounts, x => Assert.Equal(2, x.Count));
    }

    [Fact]
    public void Grouping_and_aggregates()
    {
        using BloggingContext context = seeded.CreateContext();
        var groups = context.Posts.GroupBy(p => p.BlogId)
            .Select(g => new { g.Key, Count = g.Count(), Total = g.Sum(p => p.Likes), Max = g.Max(p => p.Likes), Avg = g.Average(p => p.Likes) })
            .OrderBy(g => g.Key).ToList();
        Assert.Equal(3, groups.Count);
        Assert.Equal((3, 36, 13, 12.0), (groups[0].Count, groups[0].Total, groups[0].Max, groups[0].Avg));
        Assert.Equal(198, context.Posts.Sum(p => p.Likes));
        Assert.Equal(11, context.Posts.Min(p => p.Likes));
        Assert.Equal(2, context.Posts.GroupBy(p => p.BlogId).Where(g => g.Sum(p => p.Likes) > 40).Count());
    }

    [Fact]
    public void Subqueries_exists_and_any()
    {
        using BloggingContext context = seeded.CreateContext();
        Assert.Equal(["beta", "gamma"], context.Blogs.Where(b => b.Posts.Any(p => p.Likes > 20)).OrderBy(b => b.Name).Select(b => b.Name).ToArray());
        Assert.Equal(["alpha"], context.Blogs.Where(b => b.Posts.All(p => p.Likes < 20)).Select(b => b.Name).ToArray());
        Assert.Equal("gamma", context.Blogs.OrderByDescending(b => b.Posts.Max(p => p.Likes)).Select(b => b.Name).First());
        Assert.Equal(3, context.Posts.Count(p => p.Likes == context.Posts.Where(q => q.BlogId == p.BlogId).Max(q => q.Likes)));
    }

    [Fact]
    public void String_functions()
    {
        using BloggingContext context = seeded.CreateContext();
        Assert.Equal(3, context.Posts.Count(p => p.Title.StartsWith("beta")));
        Assert.Equal(3, context.Posts.Count(p => p.Title.EndsWith("post 2")));
        Assert.Equal(0, context.Posts.Count(p => p.Title.StartsWith("BETA")));
        Assert.Equal(9, context.Posts.Count(p => p.Title.Contains("post")));
        Assert.Equal(["ALPHA", "BETA", "GAMMA"], context.Blogs.OrderBy(b => b.Id).Select(b => b.Name.ToUpper()).ToArray());
        Assert.Equal(["alp", "bet", "gam"], context.Blogs.OrderBy(b => b.Id).Select(b => b.Name.Substring(0, 3)).ToArray());
        Assert.Equal([5, 4, 5], context.Blogs.OrderBy(b => b.Id).Select(b => b.Name.Length).ToArray());
        Assert.Equal("xlphx", context.Blogs.Where(b => b.Id == 1).Select(b => b.Name.Replace("a", "x")).Single());
        Assert.Equal(2, context.Blogs.Where(b => b.Name == "gamma").Select(b => b.Name.IndexOf("mm")).Single());
        Assert.Equal("trimmed", context.Blogs.Where(b => b.Id == 1).Select(b => ("  trimmed  ").Trim()).Single());
        string prefix = "gam";
        Assert.Equal(["gamma"], context.Blogs.Where(b => b.Name.StartsWith(prefix)).Select(b => b.Name).ToArray());
        Assert.Equal(["gamma"], context.Blogs.Where(b => !string.IsNullOrEmpty(b.Name) && b.Url == null).Select(b => b.Name).ToArray());
    }

    [Fact]
    public void Math_functions()
    {
        using BloggingContext context = seeded.CreateContext();
        Assert.Equal(9, context.Posts.Count(p => Math.Abs(p.Likes - 22) < 20));
        Assert.Equal([4.0], context.Posts.Where(p => p.Likes == 11).Select(p => Math.Round(p.Likes / 3.0)).ToArray());
    }

    [Fact]
    public void FromSql_composes_with_linq()
    {
        using BloggingContext context = seeded.CreateContext();
        int rating = 2;
        Assert.Equal(["beta", "gamma"],
            context.Blogs.FromSql($"SELECT * FROM \"Blogs\" WHERE \"Rating\" >= {rating}").OrderBy(b => b.Name).Select(b => b.Name).ToArray());
        Assert.Equal(9, context.Database.SqlQuery<int>($"SELECT \"Likes\" AS \"Value\" FROM \"Posts\"").Count());
    }

    [Fact]
    public void Split_and_single_queries_load_the_same_graph()
    {
        using BloggingContext context = seeded.CreateContext();
        List<Blog> single = context.Blogs.Include(b => b.Posts).ThenInclude(p => p.Tags).OrderBy(b => b.Id).AsNoTracking().ToList();
        List<Blog> split = context.Blogs.Include(b => b.Posts).ThenInclude(p => p.Tags).OrderBy(b => b.Id).AsSplitQuery().AsNoTracking().ToList();
        Assert.Equal(single.Select(b => b.Posts.Count), split.Select(b => b.Posts.Count));
        Assert.Equal(9, single.Sum(b => b.Posts.Sum(p => p.Tags.Count)));
        Assert.Equal(9, split.Sum(b => b.Posts.Sum(p => p.Tags.Count)));
    }
}
