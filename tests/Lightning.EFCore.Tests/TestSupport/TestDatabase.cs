namespace Lightning.EFCore.Tests.TestSupport;

/// <summary>A database directory of its own per test, deleted (best effort) on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "lightning-efcore-tests", Guid.NewGuid().ToString("N"));
        ConnectionString = "Data Source=" + Directory;
    }

    public string Directory { get; }

    public string ConnectionString { get; }

    /// <summary>A context over this database whose tables exist.</summary>
    public BloggingContext CreateContext(bool ensureCreated = true)
    {
        var context = new BloggingContext(ConnectionString);
        if (ensureCreated) context.Database.EnsureCreated();
        return context;
    }

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
