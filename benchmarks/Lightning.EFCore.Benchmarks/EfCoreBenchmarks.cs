using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Benchmarks;

/// <summary>
/// Key lookups, a filtered and paged query and a 1,000-entity SaveChanges through EF Core 10, on Lightning.EFCore and
/// on EF Core's SQLite provider, same model, same data (10,000 products in 10 categories), fsync off on both.
/// </summary>
[MemoryDiagnoser]
public class EfCoreBenchmarks
{
    private const int Rows = 10_000;
    private const int Categories = 10;
    private const int PageSize = 20;
    private const int Inserts = 1_000;

    [Params(Engines.Lightning, Engines.Sqlite)]
    public string Engine { get; set; } = Engines.Lightning;

    private BenchmarkDatabase _database = null!;
    private ShopContext _context = null!; // the warm context the read benchmarks reuse
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchmarkDatabase.Create(Engine);
        using (ShopContext seed = _database.NewContext())
        {
            for (int i = 0; i < Rows; i++)
                seed.Products.Add(new Product { Name = "product " + i, Category = i % Categories, Price = i * 0.25, AddedOn = new DateTime(2026, 1, 1).AddMinutes(i) });
            seed.SaveChanges();
        }
        _context = _database.NewContext();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _context.Dispose();
        _database.Dispose();
    }

    // A stride co-prime with Rows walks every key in a scattered order, so no run of lookups stays on one page.
    private int NextId() => (_next = (_next + 7_919) % Rows) + 1;

    /// <summary>Find on a warm context; the tracker is cleared so every Find goes to the database rather than the identity map.</summary>
    [Benchmark(Description = "Find by key")]
    public Product? FindByKey()
    {
        Product? product = _context.Products.Find(NextId());
        _context.ChangeTracker.Clear();
        return product;
    }

    [Benchmark(Description = "FirstOrDefault by key")]
    public Product? FirstOrDefaultByKey()
    {
        int id = NextId();
        Product? product = _context.Products.FirstOrDefault(p => p.Id == id);
        _context.ChangeTracker.Clear();
        return product;
    }

    [Benchmark(Description = "FirstOrDefault by key, no tracking")]
    public Product? FirstOrDefaultByKeyNoTracking()
    {
        int id = NextId();
        return _context.Products.AsNoTracking().FirstOrDefault(p => p.Id == id);
    }

    /// <summary>One category (1,000 rows, indexed on Category) in key order: its first page of 20.</summary>
    [Benchmark(Description = "Where+OrderBy+Skip+Take: page 1 (skip 0, take 20)")]
    public int FirstPage() => Page(skip: 0);

    /// <summary>The same query on its tenth page: 180 matching rows skipped before the 20 returned.</summary>
    [Benchmark(Description = "Where+OrderBy+Skip+Take: page 10 (skip 180, take 20)")]
    public int TenthPage() => Page(skip: 9 * PageSize);

    private int Page(int skip)
    {
        int category = _next++ % Categories;
        return _context.Products.AsNoTracking()
            .Where(p => p.Category == category)
            .OrderBy(p => p.Id)
            .Skip(skip).Take(PageSize)
            .ToList().Count;
    }

    [Benchmark(Description = "SaveChanges of 1,000 inserts, fresh context")]
    public int SaveThousandInserts()
    {
        using ShopContext context = _database.NewContext();
        var addedOn = new DateTime(2026, 6, 1);
        for (int i = 0; i < Inserts; i++)
            context.Products.Add(new Product { Name = "new " + i, Category = i % Categories, Price = i, AddedOn = addedOn });
        return context.SaveChanges();
    }
}
