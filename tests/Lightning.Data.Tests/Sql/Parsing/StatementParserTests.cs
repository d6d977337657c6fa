using Lightning.Data.Sql.Parsing;
using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Tests.Sql.Parsing;

public sealed class StatementParserTests
{
    [Fact]
    public void Explain_wraps_the_inner_statement()
    {
        ExplainStatement e = P.One<ExplainStatement>("EXPLAIN SELECT * FROM t");
        Assert.IsType<SelectStatement>(e.Inner);
        ExplainStatement q = P.One<ExplainStatement>("explain query plan DELETE FROM t");
        Assert.IsType<DeleteStatement>(q.Inner);
        Assert.Equal((1, 20), (q.Inner.SourceLine, q.Inner.SourceColumn));
    }

    [Theory]
    [InlineData("BEGIN")]
    [InlineData("BEGIN TRANSACTION")]
    [InlineData("begin deferred")]
    [InlineData("BEGIN IMMEDIATE TRANSACTION")]
    [InlineData("BEGIN EXCLUSIVE")]
    public void Begin_forms(string sql) => P.One<BeginStatement>(sql);

    [Theory]
    [InlineData("COMMIT")]
    [InlineData("COMMIT TRANSACTION")]
    [InlineData("END")]
    [InlineData("end transaction")]
    public void Commit_forms(string sql) => P.One<CommitStatement>(sql);

    [Theory]
    [InlineData("ROLLBACK")]
    [InlineData("ROLLBACK TRANSACTION")]
    public void Rollback_forms(string sql) => P.One<RollbackStatement>(sql);

    [Fact]
    public void Pragma_forms()
    {
        PragmaStatement a = P.One<PragmaStatement>("PRAGMA Foreign_Keys");
        Assert.Equal("foreign_keys", a.Name);
        Assert.Null(a.Value);
        PragmaStatement b = P.One<PragmaStatement>("PRAGMA journal_mode = 'wal'");
        P.Text("wal", b.Value!);
        PragmaStatement c = P.One<PragmaStatement>("PRAGMA table_info(t)");
        P.Column(null, "t", c.Value!);
        P.Integer(0, P.One<PragmaStatement>("PRAGMA foreign_keys = 0").Value!);
    }

    [Fact]
    public void Multiple_statements_in_order_skipping_empty_ones()
    {
        IReadOnlyList<Statement> s = SqlParser.Parse(";;SELECT 1;; ;INSERT INTO t VALUES (1);\n-- just a comment\n;DELETE FROM t;/* c */;");
        Assert.Collection(s,
            x => Assert.IsType<SelectStatement>(x),
            x => Assert.IsType<InsertStatement>(x),
            x => Assert.IsType<DeleteStatement>(x));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData(";")]
    [InlineData(";;;")]
    [InlineData("-- only a comment")]
    [InlineData("/* block */ ; -- line")]
    public void Empty_text_gives_no_statements(string sql) => Assert.Empty(SqlParser.Parse(sql));

    [Fact]
    public void Comments_are_skipped_everywhere()
    {
        SelectStatement s = P.Select("SELECT /* the key */ key -- a comment\n, /* multi\nline */ value FROM kv--end");
        Assert.Equal(2, s.Items.Count);
        Assert.Null(s.Items[0].Alias);
        P.Column(null, "value", s.Items[1].Expression);
        P.Integer(5, P.Expr("5/*x*/"));
        P.Binary(BinaryOperator.Subtract, P.Expr("5 - 1"));
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        SelectStatement s = P.Select("sElEcT DiStInCt a fRoM t wHeRe a iS nOt NuLl OrDeR bY a DeSc LiMiT 1");
        Assert.True(s.Distinct);
        Assert.IsType<IsNullExpression>(s.Where);
        Assert.True(s.OrderBy[0].Descending);
    }

    [Fact]
    public void Identifier_text_keeps_its_case_and_loses_its_quotes()
    {
        InsertStatement i = P.One<InsertStatement>("INSERT INTO [My Table] (\"Col\"\"1\", `c2`, [c 3], Plain) VALUES (1, 2, 3, 4)");
        Assert.Equal("My Table", i.Table);
        Assert.Equal(["Col\"1", "c2", "c 3", "Plain"], i.Columns!);
    }
}

public sealed class EfCoreScriptTests
{
    [Fact]
    public void Ef_core_migration_and_save_changes_script_parses()
    {
        const string script = """
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
                "Timestamp" TEXT NOT NULL
            );
            INSERT OR IGNORE INTO "__EFMigrationsLock"("Id", "Timestamp") VALUES(1, '2024-01-01 00:00:00');
            SELECT changes();
            SELECT COUNT(*) FROM "sqlite_master" WHERE "name" = '__EFMigrationsHistory' AND "type" = 'table';
            CREATE TABLE "Blogs" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Blogs" PRIMARY KEY AUTOINCREMENT,
                "Name" TEXT COLLATE NOCASE NULL,
                "Rating" INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX "IX_Blogs_Name" ON "Blogs" ("Name");
            PRAGMA foreign_keys = 0;
            ALTER TABLE "Blogs" RENAME COLUMN "Name" TO "Title";
            PRAGMA foreign_keys = 1;
            INSERT INTO "Blogs" ("Title", "Rating") VALUES (@p0, @p1) RETURNING "Id";
            UPDATE "Blogs" SET "Title" = @p0 WHERE "Id" = @p1 RETURNING 1;
            DELETE FROM "Blogs" WHERE "Id" = @p2 RETURNING 1;
            SELECT EXISTS (SELECT 1 FROM "Blogs" AS "b" WHERE "b"."Rating" > 3);
            SELECT "b"."Id", CASE WHEN "b"."Rating" >= 3 THEN 1 ELSE 0 END AS "Good", CAST("b"."Rating" AS REAL) / 2.0
            FROM "Blogs" AS "b"
            LEFT JOIN (SELECT "p"."BlogId", COUNT(*) AS "c" FROM "Posts" AS "p" GROUP BY "p"."BlogId") AS "t" ON "b"."Id" = "t"."BlogId"
            WHERE NOT ("b"."Title" IS NULL) AND "b"."Title" LIKE @__p_0 ESCAPE '\'
            ORDER BY "b"."Title" COLLATE NOCASE, "b"."Id" DESC
            LIMIT -1 OFFSET @__p_1;
            """;
        IReadOnlyList<Statement> statements = SqlParser.Parse(script);
        Assert.Equal(14, statements.Count);
        Assert.IsType<CreateTableStatement>(statements[0]);
        Assert.Equal(InsertConflictAction.Ignore, Assert.IsType<InsertStatement>(statements[1]).OrAction);
        SelectStatement last = Assert.IsType<SelectStatement>(statements[13]);
        Assert.IsType<DerivedTable>(last.Joins.Single().Table);
        Assert.Equal(21, last.SourceLine);
    }
}
