using System.Data.Common;
using Dapper;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Engine;

/// <summary>
/// Prepared plans are cached per statement and reused across executions: every reuse must behave exactly like a fresh
/// plan (new parameter values, new transaction, catalog changes, failures part-way, several executions at once).
/// </summary>
public sealed class PlanCacheTests
{
    private static LightningConnection Seeded(TestDatabase db, int rows = 50)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, grp INTEGER)");
        c.Execute("INSERT INTO t (id, name, grp) VALUES (@id, @name, @grp)",
            Enumerable.Range(1, rows).Select(i => new { id = i, name = "n" + i, grp = i % 5 }));
        return c;
    }

    [Fact]
    public void Repeated_selects_see_each_executions_parameters()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db);
        for (int i = 1; i <= 50; i++)
        {
            Assert.Equal("n" + i, c.QuerySingle<string>("SELECT name FROM t WHERE id = @id", new { id = i }));
            Assert.Equal(Enumerable.Range(i, Math.Min(3, 51 - i)).Select(x => (long)x).ToArray(),
                c.Query<long>("SELECT id FROM t WHERE id >= @lo AND id < @hi ORDER BY id", new { lo = i, hi = i + 3 }).ToArray());
        }
        Assert.Null(c.QuerySingleOrDefault<string>("SELECT name FROM t WHERE id = @id", new { id = 999 }));
    }

    [Fact]
    public void Uncorrelated_subquery_results_are_not_carried_into_the_next_execution()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db);
        const string sql = "SELECT COUNT(*) FROM t WHERE grp IN (SELECT grp FROM t WHERE id = @id)";
        for (int id = 1; id <= 10; id++)
            Assert.Equal(10, c.ExecuteScalar<long>(sql, new { id }));
        const string scalar = "SELECT (SELECT name FROM t WHERE id = @id)";
        for (int id = 1; id <= 10; id++)
            Assert.Equal("n" + id, c.ExecuteScalar<string>(scalar, new { id }));
    }

    [Fact]
    public void Each_execution_reads_its_own_snapshot()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 3);
        using LightningConnection other = db.OpenConnection();
        const string count = "SELECT COUNT(*) FROM t";
        Assert.Equal(3, c.ExecuteScalar<long>(count));
        other.Execute("INSERT INTO t (id, name) VALUES (10, 'x')");
        Assert.Equal(4, c.ExecuteScalar<long>(count));
        using (DbTransaction tx = c.BeginTransaction())
        {
            c.Execute("INSERT INTO t (id, name) VALUES (11, 'y')", transaction: tx);
            Assert.Equal(5, c.ExecuteScalar<long>(count, transaction: tx));
            Assert.Equal(4, other.ExecuteScalar<long>(count));
            tx.Rollback();
        }
        Assert.Equal(4, c.ExecuteScalar<long>(count));
    }

    [Fact]
    public void Schema_changes_replace_cached_plans()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 2);
        using LightningConnection other = db.OpenConnection();
        const string star = "SELECT * FROM t WHERE id = 1";
        Assert.Equal(3, ColumnCount(c, star));
        other.Execute("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'd'");
        Assert.Equal(4, ColumnCount(c, star));
        Assert.Equal("d", c.ExecuteScalar<string>("SELECT extra FROM t WHERE id = 1"));

        const string insert = "INSERT INTO t (id, name) VALUES (@id, 'z')";
        c.Execute(insert, new { id = 100 });
        other.Execute("DROP TABLE t; CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, flag INTEGER DEFAULT 7)");
        c.Execute(insert, new { id = 101 });
        Assert.Equal(7, c.ExecuteScalar<long>("SELECT flag FROM t WHERE id = 101"));
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Uncommitted_schema_changes_are_planned_privately()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 2);
        using LightningConnection other = db.OpenConnection();
        const string star = "SELECT * FROM t WHERE id = 1";
        Assert.Equal(3, ColumnCount(other, star));
        using (DbTransaction tx = c.BeginTransaction())
        {
            c.Execute("ALTER TABLE t ADD COLUMN extra INTEGER", transaction: tx);
            Assert.Equal(4, ColumnCount(c, star, tx));
            Assert.Equal(3, ColumnCount(other, star));
            tx.Rollback();
        }
        Assert.Equal(3, ColumnCount(c, star));
        Assert.Equal(3, ColumnCount(other, star));
    }

    [Fact]
    public void A_statement_that_failed_runs_correctly_next_time()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 3);
        const string insert = "INSERT INTO t (id, name) VALUES (@id, @name)";
        Assert.Throws<LightningSqlException>(() => c.Execute(insert, new { id = 1, name = "dup" }));
        Assert.Throws<LightningSqlException>(() => c.Execute(insert, new { id = 50, name = (string?)null }));
        c.Execute(insert, new { id = 50, name = "ok" });
        Assert.Equal("ok", c.QuerySingle<string>("SELECT name FROM t WHERE id = 50"));

        const string update = "UPDATE t SET id = @to WHERE id = @from";
        Assert.Throws<LightningSqlException>(() => c.Execute(update, new { from = 2, to = 3 }));
        Assert.Equal(1, c.Execute(update, new { from = 2, to = 20 }));
        Assert.Equal([1L, 3L, 20L, 50L], c.Query<long>("SELECT id FROM t ORDER BY id").ToArray());

        // A reader abandoned part-way through and one that failed part-way are both followed by correct runs.
        const string all = "SELECT id FROM t ORDER BY id";
        using (var reader = (DbDataReader)c.ExecuteReader(all))
            Assert.True(reader.Read());
        Assert.Equal(4, c.Query<long>(all).Count());
        const string escape = "SELECT id FROM t WHERE name LIKE 'n%' ESCAPE @e";
        Assert.Throws<LightningSqlException>(() => c.Query<long>(escape, new { e = "ab" }).ToList());
        Assert.Equal(3, c.Query<long>(escape, new { e = "!" }).Count());
    }

    [Fact]
    public void Two_open_readers_of_the_same_sql_do_not_share_a_plan()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 10);
        const string sql = "SELECT id FROM t WHERE id >= @from ORDER BY id";
        using DbCommand first = c.CreateCommand();
        first.CommandText = sql;
        AddParameter(first, "from", 1);
        using DbCommand second = c.CreateCommand();
        second.CommandText = sql;
        AddParameter(second, "from", 6);
        using DbDataReader a = first.ExecuteReader();
        using DbDataReader b = second.ExecuteReader();
        var fromA = new List<long>();
        var fromB = new List<long>();
        while (true)
        {
            bool more = false;
            if (a.Read())
            {
                fromA.Add(a.GetInt64(0));
                more = true;
            }
            if (b.Read())
            {
                fromB.Add(b.GetInt64(0));
                more = true;
            }
            if (!more) break;
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), fromA);
        Assert.Equal(Enumerable.Range(6, 5).Select(i => (long)i), fromB);
    }

    [Fact]
    public void Writes_inside_a_transaction_can_rewrite_their_own_rows()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 0);
        c.Execute("CREATE UNIQUE INDEX t_name ON t (name)");
        using (DbTransaction tx = c.BeginTransaction())
        {
            for (int i = 1; i <= 20; i++)
                c.Execute("INSERT INTO t (id, name, grp) VALUES (@i, @n, 0)", new { i, n = "a" + i }, tx);
            for (int i = 1; i <= 20; i++)
                c.Execute("UPDATE t SET name = @n, grp = grp + 1 WHERE id = @i", new { i, n = "b" + i }, tx);
            c.Execute("DELETE FROM t WHERE id % 2 = 0", transaction: tx);
            c.Execute("INSERT OR REPLACE INTO t (id, name, grp) VALUES (2, 'b1', 9)", transaction: tx);
            tx.Commit();
        }
        // OR REPLACE of id 2 took row 1's unique name, so row 1 was replaced too.
        Assert.Equal(["2:b1:9", "3:b3:1", "5:b5:1"], c.Query<string>("SELECT id || ':' || name || ':' || grp FROM t WHERE id <= 5 ORDER BY id").ToArray());
        Assert.Equal(2, c.QuerySingle<long>("SELECT id FROM t WHERE name = 'b1'"));
        Assert.Equal(["ok"], c.Query<string>("PRAGMA integrity_check").ToArray());
    }

    [Fact]
    public void Many_connections_run_the_same_statements_at_once()
    {
        using var db = new TestDatabase();
        using (LightningConnection setup = Seeded(db, rows: 200)) { }
        var errors = new List<Exception>();
        var threads = new Thread[6];
        for (int t = 0; t < threads.Length; t++)
        {
            int worker = t;
            threads[t] = new Thread(() =>
            {
                try
                {
                    using LightningConnection c = db.OpenConnection();
                    var random = new Random(worker);
                    for (int i = 0; i < 400; i++)
                    {
                        int id = random.Next(1, 201);
                        Assert.Equal("n" + id, c.QuerySingle<string>("SELECT name FROM t WHERE id = @id", new { id }));
                        long n = c.ExecuteScalar<long>("SELECT COUNT(*) FROM t WHERE id >= @lo AND id < @hi", new { lo = id, hi = id + 10 });
                        Assert.Equal(Math.Min(10, 201 - id), n);
                        c.Execute("UPDATE t SET grp = @g WHERE id = @id", new { g = worker, id = 1000 + worker });
                    }
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add(e);
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads) thread.Join();
        Assert.Empty(errors);
    }

    [Fact]
    public void Autocommit_selects_reusing_the_sessions_read_transaction_see_fresh_snapshots_and_keep_open_readers_apart()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 3);
        using LightningConnection writer = db.OpenConnection();
        Assert.Equal("n1", c.ExecuteScalar<string>("SELECT name FROM t WHERE id = 1"));
        writer.Execute("UPDATE t SET name = 'changed' WHERE id = 1");
        // The spare transaction is restarted on a new snapshot, not left on the old one.
        Assert.Equal("changed", c.ExecuteScalar<string>("SELECT name FROM t WHERE id = 1"));

        using (DbDataReader first = (DbDataReader)c.ExecuteReader("SELECT id, name FROM t ORDER BY id"))
        {
            Assert.True(first.Read()); // holds the spare: the next reader needs a transaction of its own
            writer.Execute("UPDATE t SET name = 'later' WHERE id = 2");
            using (DbDataReader second = (DbDataReader)c.ExecuteReader("SELECT name FROM t WHERE id = 2"))
            {
                Assert.True(second.Read());
                Assert.Equal("later", second.GetString(0));
            }
            Assert.True(first.Read());
            Assert.Equal("n2", first.GetString(1)); // the first reader keeps the snapshot it started on
        }
        writer.Execute("DELETE FROM t WHERE id = 3");
        Assert.Equal(2, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void A_cached_point_select_allocates_little_beyond_its_results()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Seeded(db, rows: 100);
        using DbCommand command = c.CreateCommand();
        command.CommandText = "SELECT id, grp FROM t WHERE id = @id";
        DbParameter parameter = AddParameter(command, "id", 1);
        long Run(int times)
        {
            long sum = 0;
            for (int i = 0; i < times; i++)
            {
                parameter.Value = (long)(i % 100 + 1);
                using DbDataReader reader = command.ExecuteReader();
                while (reader.Read()) sum += reader.GetInt64(0) + reader.GetInt64(1);
            }
            return sum;
        }
        Run(200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        long perExecution = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        // What remains is essentially the data reader and the boxed parameter value (128 B measured): the key is built in a
        // reused buffer, the row is decoded in place from the engine's memory, and the statement run, the parameter set
        // and the read transaction object are reused. Planning again would cost several KB.
        Assert.True(perExecution < 150, $"{perExecution} bytes per cached execution");
    }

    private static int ColumnCount(LightningConnection c, string sql, DbTransaction? tx = null)
    {
        using var reader = (DbDataReader)c.ExecuteReader(sql, transaction: tx);
        return reader.FieldCount;
    }

    private static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        DbParameter p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
        return p;
    }
}
