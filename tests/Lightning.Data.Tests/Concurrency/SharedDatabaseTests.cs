using System.Data.Common;
using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Concurrency;

/// <summary>Several connections to one path in one process share one engine: concurrent writers, readers and conflicts.</summary>
public sealed class SharedDatabaseTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Connections_opening_while_the_last_one_closes_never_find_the_database_locked()
    {
        using var db = new TestDatabase("open-close");
        using (LightningConnection setup = db.OpenConnection())
            setup.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        // Each connection is often the only one: its close disposes the shared engine while another thread opens it.
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 150; i++)
            {
                try
                {
                    using LightningConnection c = new(db.ConnectionString);
                    c.Open();
                    if (i % 10 == 0) c.Execute("INSERT INTO t (id) VALUES (@id)", new { id = w * 1000 + i });
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(Deadline);
        Assert.Empty(errors);
        using LightningConnection check = db.OpenConnection();
        Assert.Equal(60, check.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task Four_writers_and_two_readers_finish_with_exact_counts()
    {
        const int Writers = 4, RowsPerWriter = 250;
        using var db = new TestDatabase("shared");
        using (LightningConnection setup = db.OpenConnection())
            setup.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, seq INTEGER NOT NULL)");

        using var done = new CancellationTokenSource();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            try
            {
                using LightningConnection c = db.OpenConnection();
                for (int i = 0; i < RowsPerWriter; i += 10)
                {
                    // Half in explicit transactions of 10 rows, half as single statements.
                    if (i % 20 == 0)
                    {
                        using DbTransaction tx = c.BeginTransaction();
                        c.Execute("INSERT INTO t (id, writer, seq) VALUES (@id, @w, @s)",
                            Enumerable.Range(i, 10).Select(s => new { id = w * 100000 + s, w, s }), tx);
                        tx.Commit();
                    }
                    else
                    {
                        for (int s = i; s < i + 10; s++)
                            c.Execute("INSERT INTO t (id, writer, seq) VALUES (@id, @w, @s)", new { id = w * 100000 + s, w, s });
                    }
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToArray();

        long lastSeen = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            try
            {
                using LightningConnection c = db.OpenConnection();
                while (!done.IsCancellationRequested)
                {
                    long count = c.ExecuteScalar<long>("SELECT COUNT(*) FROM t");
                    Assert.InRange(count, 0, Writers * RowsPerWriter);
                    // Committed transactions are atomic: a reader sees whole groups of 10 from the transactional half.
                    long perWriterMax = c.ExecuteScalar<long?>("SELECT MAX(seq) FROM t WHERE writer = 0") ?? -1;
                    Assert.True(perWriterMax < RowsPerWriter);
                    Interlocked.Exchange(ref lastSeen, count);
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(Deadline); // TimeoutException fails the test: writers did not finish
        done.Cancel();
        await Task.WhenAll(readers).WaitAsync(Deadline);
        Assert.Empty(errors);

        using LightningConnection check = db.OpenConnection();
        Assert.Equal((long)Writers * RowsPerWriter, check.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        var perWriter = check.Query<(long Writer, long N)>("SELECT writer, COUNT(*) FROM t GROUP BY writer ORDER BY writer").ToList();
        Assert.Equal(Enumerable.Range(0, Writers).Select(w => ((long)w, (long)RowsPerWriter)), perWriter);
    }

    [Fact]
    public async Task Readers_are_not_blocked_by_an_open_write_transaction()
    {
        using var db = new TestDatabase("shared");
        using LightningConnection writer = db.OpenConnection();
        writer.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'before');");
        using DbTransaction tx = writer.BeginTransaction();
        writer.Execute("UPDATE t SET v = 'during' WHERE id = 1", transaction: tx);
        writer.Execute("INSERT INTO t VALUES (2, 'new')", transaction: tx);

        Task<(string V, long N)> read = Task.Run(() =>
        {
            using LightningConnection reader = db.OpenConnection();
            return (reader.QuerySingle<string>("SELECT v FROM t WHERE id = 1"), reader.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        });
        // A TimeoutException here means a reader was blocked by the open write transaction.
        Assert.Equal(("before", 1L), await read.WaitAsync(TimeSpan.FromSeconds(10)));

        tx.Commit();
        using LightningConnection after = db.OpenConnection();
        Assert.Equal("during", after.QuerySingle<string>("SELECT v FROM t WHERE id = 1"));
        Assert.Equal(2L, after.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Conflicting_transactions_second_commit_fails_with_Conflict()
    {
        using var db = new TestDatabase("shared");
        using LightningConnection first = db.OpenConnection();
        using LightningConnection second = db.OpenConnection();
        first.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES (1, 0), (2, 0);");

        using DbTransaction tx1 = first.BeginTransaction();
        using DbTransaction tx2 = second.BeginTransaction();
        // Both read (taking their snapshots), then both write the same row.
        Assert.Equal(0L, first.ExecuteScalar<long>("SELECT v FROM t WHERE id = 1", transaction: tx1));
        Assert.Equal(0L, second.ExecuteScalar<long>("SELECT v FROM t WHERE id = 1", transaction: tx2));
        first.Execute("UPDATE t SET v = 1 WHERE id = 1", transaction: tx1);
        second.Execute("UPDATE t SET v = 2 WHERE id = 1", transaction: tx2);
        second.Execute("UPDATE t SET v = 2 WHERE id = 2", transaction: tx2);
        tx1.Commit();
        LightningException error = Assert.ThrowsAny<LightningException>(() => tx2.Commit());
        Assert.Equal(LightningErrorCode.Conflict, error.Code);
        Assert.True(error.IsTransient);

        using LightningConnection check = db.OpenConnection();
        Assert.Equal(new long[] { 1, 0 }, check.Query<long>("SELECT v FROM t ORDER BY id"));
        // The losing connection is usable again and can retry.
        second.Execute("UPDATE t SET v = v + 10 WHERE id = 1");
        Assert.Equal(11L, check.ExecuteScalar<long>("SELECT v FROM t WHERE id = 1"));
    }

    [Fact]
    public void Schema_changes_are_seen_by_other_connections()
    {
        using var db = new TestDatabase("shared");
        using LightningConnection a = db.OpenConnection();
        using LightningConnection b = db.OpenConnection();
        a.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        b.Execute("INSERT INTO t VALUES (1)");
        a.Execute("ALTER TABLE t ADD COLUMN v TEXT DEFAULT 'x'");
        Assert.Equal("x", b.QuerySingle<string>("SELECT v FROM t WHERE id = 1"));
    }
}
