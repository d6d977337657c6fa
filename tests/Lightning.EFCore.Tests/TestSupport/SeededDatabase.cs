namespace Lightning.EFCore.Tests.TestSupport;

/// <summary>A database with three blogs, nine posts and tags, created once per test class (queries only read it).</summary>
public sealed class SeededDatabase : IDisposable
{
    private readonly TestDatabase _database = new();

    public SeededDatabase()
    {
        using BloggingContext context = _database.CreateContext();
        string[] names = ["alpha", "beta", "gamma"];
        for (int b = 0; b < names.Length; b++)
        {
            var blog = new Blog { Name = names[b], Url = b == 2 ? null : $"https://{names[b]}.example", Rating = b + 1 };
            for (int p = 1; p <= 3; p++)
                blog.Posts.Add(new Post
                {
                    Title = $"{names[b]} post {p}",
                    Content = p == 2 ? null : $"Content {p} of {names[b]}",
                    PublishedOn = new DateTime(2024, b + 1, p * 5, 8, 0, 0),
                    Likes = (b + 1) * 10 + p,
                    Tags = [new Tag { Label = p % 2 == 0 ? "even" : "odd" }],
                });
            context.Blogs.Add(blog);
        }
        context.SaveChanges();
    }

    public BloggingContext CreateContext() => _database.CreateContext(ensureCreated: false);

    public void Dispose() => _database.Dispose();
}
