namespace Lightning.EFCore.Tests.Query;

/// <summary>One seeded Northwind database shared (read-only) by the query test classes of the "Northwind" collection.</summary>
public sealed class NorthwindFixture : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lightning-efcore-tests", "northwind-" + Guid.NewGuid().ToString("N"));

    public NorthwindFixture()
    {
        using NorthwindContext context = CreateContext();
        context.Database.EnsureCreated();
        // Fresh copies: the context tracks and fixes up what it is given, and Data must stay as generated.
        var copy = new NorthwindData();
        context.Products.AddRange(copy.Products);
        context.Customers.AddRange(copy.Customers);
        context.SaveChanges();
    }

    /// <summary>The rows the database holds, for LINQ-to-objects expectations.</summary>
    public NorthwindData Data { get; } = new();

    public NorthwindContext CreateContext() => new("Data Source=" + _directory);

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition("Northwind")]
public sealed class NorthwindCollection : ICollectionFixture<NorthwindFixture>;
