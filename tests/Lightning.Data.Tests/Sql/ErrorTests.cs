using System.Data;
using System.Data.Common;
using System.Text;
using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>Every error case, each followed by a check that the data is unchanged.</summary>
public sealed class ErrorTests
{
    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Execute("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, n INTEGER);
            INSERT INTO t VALUES (1, 'a', 'a@x', 10), (2, 'b', 'b@x', 20);
            """);
        return c;
    }

    private static void AssertUnchanged(LightningConnection c)
    {
        var rows = c.Query<(long Id, string Name, string Email, long N)>("SELECT id, name, email, n FROM t ORDER BY id").ToList();
        Assert.Equal([(1L, "a", "a@x", 10L), (2L, "b", "b@x", 20L)], rows);
    }

    [Fact]
    public void Syntax_error_reports_line_and_column()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        LightningSqlException error = TestSql.ThrowsSql(LightningErrorCode.SqlSyntax, () => c.Execute("UPDATE t\nSET name = 'x'\nWHERE id = = 1"));
        Assert.Equal(3, error.Line);
        Assert.Equal(12, error.Column);
        Assert.Contains("=", error.Message);
        AssertUnchanged(c);
    }

    [Theory]
    [InlineData("SELEC 1", 1, 1)]
    [InlineData("SELECT 1,\n  FROM t", 2, 3)]
    [InlineData("SELECT * FROM t WHERE", 1, 22)]
    [InlineData("INSERT INTO t VALUES (1, 'x'", 1, 29)]
    [InlineData("SELECT 'unterminated", 1, 8)]
    public void Syntax_errors_point_at_the_unexpected_token(string sql, int line, int column)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        LightningSqlException error = TestSql.ThrowsSql(LightningErrorCode.SqlSyntax, () => c.Execute(sql));
        Assert.Equal((line, column), (error.Line, error.Column));
        AssertUnchanged(c);
    }

    [Fact]
    public void A_syntax_error_in_a_later_statement_runs_nothing()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        LightningSqlException error = TestSql.ThrowsSql(LightningErrorCode.SqlSyntax, () => c.Execute("DELETE FROM t;\nSELECT FROM WHERE;"));
        Assert.Equal(2, error.Line);
        AssertUnchanged(c);
    }

    [Theory]
    [InlineData("SELECT * FROM missing")]
    [InlineData("INSERT INTO missing VALUES (1)")]
    [InlineData("UPDATE missing SET a = 1")]
    [InlineData("DELETE FROM missing")]
    [InlineData("SELECT nope FROM t")]
    [InlineData("SELECT t.nope FROM t")]
    [InlineData("UPDATE t SET nope = 1")]
    [InlineData("INSERT INTO t (id, nope) VALUES (3, 1)")]
    [InlineData("DELETE FROM t WHERE nope = 1")]
    [InlineData("SELECT x.id FROM t")]
    [InlineData("SELECT NOSUCHFUNCTION(1)")]
    [InlineData("DROP INDEX missing")]
    public void Unknown_objects(string sql)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        LightningSqlException error = TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute(sql));
        Assert.Contains(sql.Contains("missing") ? "missing" : sql.Contains("nope") ? "nope" : sql.Contains("x.id") ? "x" : "NOSUCHFUNCTION", error.Message, StringComparison.OrdinalIgnoreCase);
        AssertUnchanged(c);
    }

    [Fact]
    public void Missing_parameter_is_named()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        LightningSqlException error = TestSql.ThrowsSql(LightningErrorCode.SqlMissingParameter,
            () => c.Execute("UPDATE t SET name = @newName WHERE id = @id", new { id = 1 }));
        Assert.Contains("newName", error.Message);
        TestSql.ThrowsSql(LightningErrorCode.SqlMissingParameter, () => c.Execute("DELETE FROM t WHERE id = ?"));
        AssertUnchanged(c);
    }

    [Theory]
    [InlineData("INSERT INTO t (id, name) VALUES (3, NULL)")]
    [InlineData("INSERT INTO t (id, email) VALUES (3, 'c@x')")]
    [InlineData("UPDATE t SET name = NULL WHERE id = 2")]
    [InlineData("INSERT INTO t VALUES (1, 'dup', 'z@x', 0)")]
    [InlineData("UPDATE t SET id = 1 WHERE id = 2")]
    [InlineData("INSERT INTO t VALUES (3, 'c', 'a@x', 0)")]
    [InlineData("UPDATE t SET email = 'a@x' WHERE id = 2")]
    public void Constraint_violations(string sql)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute(sql));
        AssertUnchanged(c);
    }

    [Fact]
    public void A_multi_row_insert_failing_on_the_third_row_stores_nothing()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute("INSERT INTO t VALUES (3, 'c', 'c@x', 0), (4, 'd', 'd@x', 0), (1, 'e', 'e@x', 0)"));
        AssertUnchanged(c);
        TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation, () => c.Execute("UPDATE t SET n = n + 1, name = CASE WHEN id = 2 THEN NULL ELSE name END"));
        AssertUnchanged(c);
    }

    [Fact]
    public void In_an_explicit_transaction_earlier_statements_stay_until_rollback()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        using (DbTransaction transaction = c.BeginTransaction())
        {
            c.Execute("INSERT INTO t VALUES (3, 'c', 'c@x', 30)", transaction: transaction);
            TestSql.ThrowsSql(LightningErrorCode.SqlConstraintViolation,
                () => c.Execute("INSERT INTO t VALUES (4, 'd', 'd@x', 0), (5, 'e', 'e@x', 0), (1, 'x', 'x@x', 0)", transaction: transaction));
            Assert.Equal(new long[] { 1, 2, 3 }, c.Query<long>("SELECT id FROM t ORDER BY id", transaction: transaction));
            transaction.Rollback();
        }
        AssertUnchanged(c);
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (3, 'c', 'c@x', 'abc')")]
    [InlineData("UPDATE t SET n = 'abc' WHERE id = 1")]
    [InlineData("UPDATE t SET n = X'00' WHERE id = 1")]
    [InlineData("INSERT INTO t VALUES ('three', 'c', 'c@x', 1)")]
    public void Type_mismatches(string sql)
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        TestSql.ThrowsSql(LightningErrorCode.SqlTypeMismatch, () => c.Execute(sql));
        AssertUnchanged(c);
    }

    [Fact]
    public void Key_over_1024_bytes_in_the_kv_table()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Execute("INSERT OR REPLACE INTO kv VALUES (@k, @v)", new { k = new byte[100], v = new byte[] { 1 } });
        TestSql.ThrowsLightning(LightningErrorCode.KeyTooLarge, () => c.Execute("INSERT OR REPLACE INTO kv VALUES (@k, @v)", new { k = new byte[1025], v = new byte[] { 2 } }));
        TestSql.ThrowsLightning(LightningErrorCode.KeyTooLarge, () => c.Execute("INSERT INTO kv VALUES (@k, X'01')", new { k = new string('k', 2000) }));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM kv"));
        AssertUnchanged(c);
    }

    [Fact]
    public void Writes_in_a_read_only_connection_fail()
    {
        using var db = new TestDatabase();
        using (LightningConnection setup = Open(db)) { }
        using LightningConnection reader = db.OpenConnection("Mode=ReadOnly");
        Assert.Equal(2L, reader.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        foreach (string sql in new[] { "INSERT INTO t VALUES (3, 'c', 'c@x', 0)", "UPDATE t SET n = 0", "DELETE FROM t", "CREATE TABLE u (id INTEGER PRIMARY KEY)", "DROP TABLE t" })
            Assert.ThrowsAny<LightningException>(() => reader.Execute(sql));
        Assert.ThrowsAny<LightningException>(() => reader.Execute("INSERT INTO kv VALUES (X'01', X'01')"));
        using LightningConnection writer = db.OpenConnection();
        AssertUnchanged(writer);
    }

    [Fact]
    public void Read_only_or_read_write_mode_on_a_missing_database_fails()
    {
        using var db = new TestDatabase();
        string missing = Path.Combine(db.Directory, "does-not-exist");
        foreach (string mode in new[] { "ReadOnly", "ReadWrite" })
        {
            using var connection = new LightningConnection($"Data Source={missing};Mode={mode}");
            Assert.ThrowsAny<LightningException>(() => connection.Open());
            Assert.Equal(ConnectionState.Closed, connection.State);
        }
        Assert.False(Directory.Exists(missing) && Directory.EnumerateFileSystemEntries(missing).Any());
    }

    [Fact]
    public void Executing_on_a_closed_connection_is_InvalidOperation()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        c.Close();
        // Raw ADO.NET: Dapper would open a closed connection by itself.
        Assert.Throws<InvalidOperationException>(() => c.Exec("DELETE FROM t"));
        Assert.Throws<InvalidOperationException>(() => c.Scalar("SELECT 1"));
        c.Open();
        AssertUnchanged(c);
    }

    [Fact]
    public void Corrupt_tree_file_is_reported_on_open()
    {
        using var db = new TestDatabase();
        using (LightningConnection c = Open(db)) { }
        string tree = Path.Combine(db.Directory, "tree.db");
        Assert.True(File.Exists(tree), "the engine keeps its tree in tree.db");
        byte[] garbage = new byte[64 * 1024];
        new Random(1234).NextBytes(garbage);
        File.WriteAllBytes(tree, garbage);
        using var broken = new LightningConnection(db.ConnectionString);
        LightningException error = Assert.ThrowsAny<LightningException>(() => broken.Open());
        // The engine's own damage tests accept UnsupportedFormat for a file whose header is garbage too.
        Assert.True(error.Code is LightningErrorCode.Corruption or LightningErrorCode.UnsupportedFormat, $"code {error.Code}: {error.Message}");
        Assert.Equal(ConnectionState.Closed, broken.State);
    }

    [Fact]
    public void Errors_leave_the_connection_usable()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        Assert.ThrowsAny<LightningException>(() => c.Exec("SELEC"));
        Assert.ThrowsAny<LightningException>(() => c.Execute("INSERT INTO t VALUES (1, 'a', 'q', 0)"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT 1"));
        Assert.Equal(1, c.Execute("INSERT INTO t VALUES (3, 'c', 'c@x', 30)"));
        Assert.Equal(Encoding.UTF8.GetBytes("c"), Encoding.UTF8.GetBytes(c.QuerySingle<string>("SELECT name FROM t WHERE id = 3")));
    }
}
