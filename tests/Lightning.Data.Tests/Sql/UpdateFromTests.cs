using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>UPDATE … FROM (SQLite 3.33 syntax): joins, one update per target row, indexes and constraints, errors with
/// positions and data unchanged after a failing statement.</summary>
public sealed class UpdateFromTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("""
            CREATE TABLE blogs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, rating INTEGER);
            CREATE TABLE posts (id INTEGER PRIMARY KEY, blog_id INTEGER NOT NULL, title TEXT NOT NULL UNIQUE, likes INTEGER);
            CREATE INDEX posts_by_blog ON posts (blog_id);
            CREATE INDEX posts_by_likes ON posts (likes);
            INSERT INTO blogs VALUES (1, 'alpha', 5), (2, 'beta', NULL), (3, 'gamma', 7);
            INSERT INTO posts VALUES (10, 1, 'a1', 1), (11, 1, 'a2', 2), (20, 2, 'b1', 3), (30, 3, 'g1', 4), (40, 9, 'orphan', 5);
            """);
        return c;
    }

    private static List<(long Id, long BlogId, string Title, long? Likes)> Posts(LightningConnection c) =>
        c.Query<(long, long, string, long?)>("SELECT id, blog_id, title, likes FROM posts ORDER BY id").ToList();

    [Fact]
    public void Set_and_where_read_the_joined_table()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        int changed = c.Execute("""
            UPDATE posts AS p SET title = b.name || '/' || p.title, likes = b.rating
            FROM blogs AS b WHERE p.blog_id = b.id AND b.rating IS NOT NULL
            """);
        Assert.Equal(3, changed);
        Assert.Equal(
            [(10L, 1L, "alpha/a1", (long?)5), (11L, 1L, "alpha/a2", 5), (20L, 2L, "b1", 3), (30L, 3L, "gamma/g1", 7), (40L, 9L, "orphan", 5)],
            Posts(c));
    }

    [Fact]
    public void Works_with_an_unaliased_target_parameters_and_further_joins()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("CREATE TABLE owners (blog_id INTEGER PRIMARY KEY, owner TEXT)");
        c.Execute("INSERT INTO owners VALUES (1, 'ada'), (3, 'bob')");
        int changed = c.Execute("""
            UPDATE posts SET title = o.owner || ':' || posts.title
            FROM blogs b INNER JOIN owners o ON o.blog_id = b.id
            WHERE posts.blog_id = b.id AND b.name <> @skip
            """, new { skip = "gamma" });
        Assert.Equal(2, changed);
        Assert.Equal(["ada:a1", "ada:a2", "b1", "g1", "orphan"], Posts(c).Select(p => p.Title));

        // A LEFT JOIN in FROM keeps the FROM row when the joined table has no match (its columns read NULL).
        Assert.Equal(2, c.Execute("""
            UPDATE posts SET likes = coalesce(o.blog_id, -1)
            FROM blogs b LEFT JOIN owners o ON o.blog_id = b.id
            WHERE posts.blog_id = b.id AND b.id >= 2
            """));
        Assert.Equal([1L, 2, -1, 3, 5], Posts(c).Select(p => p.Likes!.Value));
    }

    [Fact]
    public void A_target_row_matched_several_times_is_updated_once_with_one_match()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        // Blog 1 has two posts: joining blogs to posts matches it twice.
        int changed = c.Execute("UPDATE blogs SET name = p.title FROM posts AS p WHERE p.blog_id = blogs.id");
        Assert.Equal(3, changed);
        var names = c.Query<(long, string)>("SELECT id, name FROM blogs ORDER BY id").ToList();
        Assert.Contains(names[0].Item2, new[] { "a1", "a2" });
        Assert.Equal([(2L, "b1"), (3L, "g1")], names.Skip(1));
        // RETURNING reports each changed row once.
        Assert.Equal([1L, 2, 3], c.Query<long>("UPDATE blogs SET rating = 0 FROM posts WHERE posts.blog_id = blogs.id RETURNING id").Order());
    }

    [Fact]
    public void A_self_join_reads_the_values_from_before_the_statement()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("INSERT INTO posts VALUES (12, 1, 'a3', 7)");
        // Every new value is computed before the first change: post 12 gets post 11's old likes, not its new ones.
        Assert.Equal(2, c.Execute("UPDATE posts AS p SET likes = prev.likes + 100 FROM posts AS prev WHERE prev.id = p.id - 1"));
        Assert.Equal([1L, 101, 102, 3, 4, 5], Posts(c).Select(p => p.Likes!.Value));
    }

    [Fact]
    public void A_derived_table_in_from_as_ef_core_writes_for_skip_and_take()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        const string sql = """
            UPDATE posts AS p0 SET likes = @v
            FROM (SELECT p.id FROM posts AS p ORDER BY p.id LIMIT @take OFFSET @skip) AS p1
            WHERE p0.id = p1.id
            """;
        Assert.Equal(2, c.Execute(sql, new { v = 0, take = 2, skip = 1 }));
        Assert.Equal([1L, 0, 0, 4, 5], Posts(c).Select(p => p.Likes!.Value));
        // The cached plan runs again with other parameters: the derived table is computed afresh.
        Assert.Equal(1, c.Execute(sql, new { v = 9, take = 5, skip = 4 }));
        Assert.Equal([1L, 0, 0, 4, 9], Posts(c).Select(p => p.Likes!.Value));
    }

    [Fact]
    public void Matches_the_same_update_written_with_correlated_subqueries_on_random_data()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("""
            CREATE TABLE a1 (id INTEGER PRIMARY KEY, k INTEGER, v TEXT);  CREATE INDEX a1_k ON a1 (k);
            CREATE TABLE a2 (id INTEGER PRIMARY KEY, k INTEGER, v TEXT);  CREATE INDEX a2_k ON a2 (k);
            CREATE TABLE src (k INTEGER PRIMARY KEY, w TEXT, flag INTEGER);
            """);
        var random = new Random(5);
        for (int i = 0; i < 150; i++)
        {
            var row = new { id = i, k = random.Next(60), v = "v" + random.Next(1000) };
            c.Execute("INSERT INTO a1 VALUES (@id, @k, @v)", row);
            c.Execute("INSERT INTO a2 VALUES (@id, @k, @v)", row);
        }
        for (int k = 0; k < 60; k += 1 + random.Next(2))
            c.Execute("INSERT INTO src VALUES (@k, @w, @flag)", new { k, w = "w" + random.Next(1000), flag = random.Next(3) });

        int joined = c.Execute("UPDATE a1 SET v = s.w || a1.v, k = a1.k + s.flag FROM src AS s WHERE s.k = a1.k AND s.flag > 0");
        int correlated = c.Execute("""
            UPDATE a2 SET v = (SELECT s.w FROM src s WHERE s.k = a2.k) || v, k = k + (SELECT s.flag FROM src s WHERE s.k = a2.k)
            WHERE EXISTS (SELECT 1 FROM src s WHERE s.k = a2.k AND s.flag > 0)
            """);
        Assert.True(joined > 20, $"only {joined} rows matched: the data does not exercise the join");
        Assert.Equal(correlated, joined);
        Assert.Equal(c.Query<(long, long, string)>("SELECT id, k, v FROM a2 ORDER BY id"), c.Query<(long, long, string)>("SELECT id, k, v FROM a1 ORDER BY id"));
        Assert.Equal(c.Query<long>("SELECT id FROM a2 WHERE k = 30 ORDER BY id"), c.Query<long>("SELECT id FROM a1 WHERE k = 30 ORDER BY id"));
    }

    [Fact]
    public void Indexes_follow_changed_values_and_keys()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.Equal(2, c.Execute("UPDATE posts SET likes = b.rating * 100, id = posts.id + 1000 FROM blogs b WHERE b.id = posts.blog_id AND b.rating IS NOT NULL AND posts.id >= 11"));
        Assert.Equal([1011L], c.Query<long>("SELECT id FROM posts WHERE likes = 500"));
        Assert.Equal([1030L], c.Query<long>("SELECT id FROM posts WHERE likes = 700"));
        Assert.Empty(c.Query<long>("SELECT id FROM posts WHERE likes = 2"));
        Assert.Equal([10L, 1011], c.Query<long>("SELECT id FROM posts WHERE blog_id = 1 ORDER BY id"));
        Assert.Equal("ok", c.ExecuteScalar<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public void A_failing_row_leaves_every_row_unchanged()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var before = Posts(c);
        // Both posts of blog 1 would get the title 'alpha': the second write violates UNIQUE(title).
        LightningSqlException unique = TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation,
            () => c.Execute("UPDATE posts SET likes = 0, title = b.name FROM blogs b WHERE b.id = posts.blog_id"));
        Assert.Contains("title", unique.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, Posts(c));
        // Blog 2's NULL rating into the NOT NULL title.
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation,
            () => c.Execute("UPDATE posts SET likes = 0, title = b.rating FROM blogs b WHERE b.id = posts.blog_id"));
        Assert.Equal(before, Posts(c));
        // Inside a transaction the failed statement is undone and the transaction goes on.
        using (LightningTransaction tx = c.BeginTransaction())
        {
            c.Execute("UPDATE posts SET likes = 99 WHERE id = 10", transaction: tx);
            TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation,
                () => c.Execute("UPDATE posts SET likes = 0, title = b.name FROM blogs b WHERE b.id = posts.blog_id", transaction: tx));
            tx.Commit();
        }
        Assert.Equal(before.Select(p => p.Id == 10 ? p with { Likes = 99 } : p), Posts(c));
    }

    [Theory]
    [InlineData("UPDATE posts SET likes = 1\nFROM nope WHERE 1", 2, 6, LightningErrorCode.SqlUnknownObject)]
    [InlineData("UPDATE posts SET likes = b.nope FROM blogs b", 1, 26, LightningErrorCode.SqlUnknownObject)]
    [InlineData("UPDATE posts SET likes = 1 FROM blogs b WHERE id = 1", 1, 47, LightningErrorCode.SqlUnknownObject)]
    [InlineData("UPDATE posts SET likes = 1 FROM posts WHERE 1", 1, 33, LightningErrorCode.SqlInvalidOperation)]
    [InlineData("UPDATE posts SET likes = 1 FROM blogs b RETURNING b.name", 1, 51, LightningErrorCode.SqlUnknownObject)]
    [InlineData("UPDATE posts SET likes = 1 FROM blogs b LEFT JOIN blogs c WHERE 1", 1, 59, LightningErrorCode.SqlSyntax)]
    public void Errors_name_their_position_and_change_nothing(string sql, int line, int column, LightningErrorCode code)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        var before = Posts(c);
        LightningSqlException error = TestSql.ThrowsSql(code, () => c.Execute(sql));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(before, Posts(c));
    }

    [Fact]
    public void Explain_shows_the_join_that_finds_the_rows()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        string plan = string.Join("\n", c.Query<string>("EXPLAIN UPDATE posts SET likes = b.rating FROM blogs b WHERE b.id = posts.blog_id AND b.name = 'beta'"));
        Assert.StartsWith("Update posts", plan, StringComparison.Ordinal);
        Assert.Contains("NestedLoopJoin", plan, StringComparison.Ordinal);
        Assert.Contains("blogs", plan, StringComparison.Ordinal);
    }
}
