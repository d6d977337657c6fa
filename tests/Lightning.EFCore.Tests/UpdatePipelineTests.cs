using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Tests;

/// <summary>ExecuteUpdate/ExecuteDelete, transactions and optimistic concurrency.</summary>
public sealed class UpdatePipelineTests
{
    private static void Seed(BloggingContext context)
    {
        for (int i = 1; i <= 5; i++)
            context.Blogs.Add(new Blog { Name = "b" + i, Rating = i, Posts = [new Post { Title = "p" + i, Likes = i }] });
        context.SaveChanges();
    }

    [Fact]
    public void ExecuteUpdate_and_ExecuteDelete_change_rows_in_the_database()
    {
        using var db = new TestDatabase();
        using BloggingContext context = db.CreateContext();
        Seed(context);
        Assert.Equal(3, context.Blogs.Where(b => b.Rating >= 3).ExecuteUpdate(s => s.SetProperty(b => b.Rating, b => b.Rating * 10).SetProperty(b => b.Url, "u")));
        Assert.Equal([1, 2, 30, 40, 50], context.Blogs.OrderBy(b => b.Id).Select(b => b.Rating).ToArray());
        Assert.Equal(2, context.Posts.Where(p => p.Likes <= 2).ExecuteDelete());
        Assert.Equal(3, context.Posts.Count());
    }

    [Fact]
    public void Transactions_commit_and_roll_back()
    {
        using var db = new TestDatabase();
        using (BloggingContext context = db.CreateContext())
        {
            Seed(context);
            using (IDbContextTransaction tx = context.Database.BeginTransaction())
            {
                context.Blogs.Add(new Blog { Name = "rolled back" });
                context.SaveChanges();
                Assert.Equal(6, context.Blogs.Count());
                tx.Rollback();
            }
            using (IDbContextTransaction tx = context.Database.BeginTransaction())
            {
                context.ChangeTracker.Clear();
                context.Blogs.Add(new Blog { Name = "kept" });
                context.SaveChanges();
                context.Posts.Where(p => p.Likes == 1).ExecuteDelete();
                tx.Commit();
            }
        }
        using (BloggingContext context = db.CreateContext())
        {
            Assert.Equal(6, context.Blogs.Count());
            Assert.False(context.Blogs.Any(b => b.Name == "rolled back"));
            Assert.Equal(4, context.Posts.Count());
        }
    }

    [Fact]
    public void A_stale_concurrency_token_raises_DbUpdateConcurrencyException()
    {
        using var db = new TestDatabase();
        long id;
        using (BloggingContext context = db.CreateContext())
        {
            var account = new Account { Owner = "ann", Balance = 10.5m, Version = 1 };
            context.Accounts.Add(account);
            context.SaveChanges();
            id = account.Id;
        }
        using BloggingContext first = db.CreateContext();
        using BloggingContext second = db.CreateContext();
        Account a = first.Accounts.Single(x => x.Id == id);
        Account b = second.Accounts.Single(x => x.Id == id);
        a.Balance += 1;
        a.Version++;
        first.SaveChanges();
        b.Balance -= 1;
        b.Version++;
        Assert.Throws<DbUpdateConcurrencyException>(() => second.SaveChanges());
        second.Accounts.Remove(b);
        Assert.Throws<DbUpdateConcurrencyException>(() => second.SaveChanges());

        using BloggingContext check = db.CreateContext();
        Account stored = check.Accounts.Single(x => x.Id == id);
        Assert.Equal(11.5m, stored.Balance);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Async_queries_and_SaveChanges()
    {
        using var db = new TestDatabase();
        await using BloggingContext context = db.CreateContext();
        context.Blogs.Add(new Blog { Name = "async", Posts = [new Post { Title = "a" }] });
        Assert.Equal(2, await context.SaveChangesAsync());
        Blog loaded = await context.Blogs.Include(b => b.Posts).SingleAsync(b => b.Name == "async");
        Assert.Single(loaded.Posts);
        Assert.Equal(1, await context.Posts.CountAsync());
        Assert.Equal(1, await context.Posts.Where(p => p.Title == "a").ExecuteUpdateAsync(s => s.SetProperty(p => p.Likes, 7)));
    }
}
