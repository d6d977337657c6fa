using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Tests.Sql.Parsing;

public sealed class DmlParserTests
{
    [Fact]
    public void Insert_values_multi_row()
    {
        InsertStatement i = P.One<InsertStatement>("INSERT INTO t (a, \"b\") VALUES (1, 'x'), (2, @p)");
        Assert.Equal(InsertConflictAction.Abort, i.OrAction);
        Assert.Equal("t", i.Table);
        Assert.Equal(["a", "b"], i.Columns!);
        Assert.Equal(2, i.Rows!.Count);
        P.Integer(2, i.Rows[1][0]);
        Assert.Null(i.Select);
        Assert.False(i.DefaultValues);
        Assert.Null(i.Upsert);
        Assert.Null(i.Returning);
    }

    [Fact]
    public void Insert_or_replace_ignore_and_replace_into()
    {
        Assert.Equal(InsertConflictAction.Replace, P.One<InsertStatement>("INSERT OR REPLACE INTO kv VALUES (@k, @v)").OrAction);
        Assert.Equal(InsertConflictAction.Ignore, P.One<InsertStatement>("insert or ignore into t values (1)").OrAction);
        InsertStatement r = P.One<InsertStatement>("REPLACE INTO t (a) VALUES (1)");
        Assert.Equal(InsertConflictAction.Replace, r.OrAction);
        Assert.Null(P.One<InsertStatement>("INSERT INTO kv VALUES (1, 2)").Columns);
    }

    [Fact]
    public void Insert_select_and_default_values()
    {
        InsertStatement s = P.One<InsertStatement>("INSERT INTO \"ef_temp_Blogs\" (\"Id\", \"Name\") SELECT \"Id\", \"Name\" FROM \"Blogs\"");
        Assert.NotNull(s.Select);
        Assert.Null(s.Rows);
        InsertStatement d = P.One<InsertStatement>("INSERT INTO t DEFAULT VALUES RETURNING id");
        Assert.True(d.DefaultValues);
        Assert.Null(d.Rows);
        Assert.Single(d.Returning!);
    }

    [Fact]
    public void Upsert_do_nothing_and_do_update()
    {
        InsertStatement n = P.One<InsertStatement>("INSERT INTO t (id, v) VALUES (1, 2) ON CONFLICT (id) DO NOTHING");
        Assert.Equal(["id"], n.Upsert!.ConflictColumns!);
        Assert.Null(n.Upsert.Set);
        Assert.Null(P.One<InsertStatement>("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING").Upsert!.ConflictColumns);

        InsertStatement u = P.One<InsertStatement>(
            "INSERT INTO kv (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value, n = n + 1 WHERE value <> excluded.value RETURNING key, value AS v");
        Assert.Equal(["value", "n"], u.Upsert!.Set!.Select(a => a.Column));
        P.Column("excluded", "value", u.Upsert.Set![0].Value);
        Assert.NotNull(u.Upsert.Where);
        Assert.Equal(2, u.Returning!.Count);
        Assert.Equal("v", u.Returning[1].Alias);
    }

    [Fact]
    public void Insert_select_with_upsert()
    {
        InsertStatement i = P.One<InsertStatement>("INSERT INTO t SELECT a, b FROM u WHERE true ON CONFLICT (a) DO NOTHING");
        Assert.NotNull(i.Select);
        Assert.NotNull(i.Upsert);
    }

    [Fact]
    public void Update_forms()
    {
        UpdateStatement u = P.One<UpdateStatement>("UPDATE \"Blogs\" SET \"Name\" = @p0, rating = rating + 1 WHERE \"Id\" = @p1 RETURNING 1");
        Assert.Equal("Blogs", u.Table);
        Assert.Null(u.Alias);
        Assert.Equal(["Name", "rating"], u.Set.Select(a => a.Column));
        Assert.NotNull(u.Where);
        P.Integer(1, u.Returning!.Single().Expression);

        UpdateStatement a = P.One<UpdateStatement>("UPDATE t AS x SET v = 1");
        Assert.Equal("x", a.Alias);
        Assert.Null(a.Where);
        Assert.Null(a.Returning);
        Assert.Equal("y", P.One<UpdateStatement>("UPDATE t y SET v = 1").Alias);
        Assert.Null(a.From);
        Assert.Empty(a.Joins);
    }

    [Fact]
    public void Update_from_with_joins_before_where_and_returning()
    {
        UpdateStatement u = P.One<UpdateStatement>("""
            UPDATE "Posts" AS "p" SET "Title" = "b"."Name" || "p"."Title"
            FROM "Blogs" AS "b" JOIN owners o ON o.id = b.id, (SELECT 1 AS x) AS d LEFT JOIN z ON z.x = d.x
            WHERE "p"."BlogId" = "b"."Id" RETURNING "p"."Id"
            """);
        Assert.Equal(("Posts", "p"), (u.Table, u.Alias));
        Assert.Equal(new NamedTable("Blogs", "b") { SourceLine = 2, SourceColumn = 6 }, u.From);
        Assert.Equal([JoinKind.Inner, JoinKind.Cross, JoinKind.Left], u.Joins.Select(j => j.Kind));
        Assert.IsType<DerivedTable>(u.Joins[1].Table);
        Assert.NotNull(u.Where);
        Assert.Single(u.Returning!);
        Assert.Equal(25, P.Fails("UPDATE t SET v = 1 FROM WHERE 1").Column);
    }

    [Fact]
    public void Delete_forms()
    {
        DeleteStatement d = P.One<DeleteStatement>("DELETE FROM kv WHERE key = @k");
        Assert.Equal("kv", d.Table);
        Assert.Null(d.Alias);
        Assert.NotNull(d.Where);
        DeleteStatement all = P.One<DeleteStatement>("DELETE FROM t AS x RETURNING *");
        Assert.Equal("x", all.Alias);
        Assert.Null(all.Where);
        Assert.IsType<StarExpression>(all.Returning!.Single().Expression);
    }

    [Fact]
    public void Statement_positions()
    {
        IReadOnlyList<Statement> s = SqlParser_Parse("SELECT 1;\n  DELETE FROM t;\n\n    UPDATE t SET a = 1");
        Assert.Equal([(1, 1), (2, 3), (4, 5)], s.Select(x => (x.SourceLine, x.SourceColumn)));
    }

    private static IReadOnlyList<Statement> SqlParser_Parse(string sql) => Lightning.Data.Sql.Parsing.SqlParser.Parse(sql);
}
