using System.Data;
using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Catalog;

/// <summary>Recorded FOREIGN KEY clauses through GetSchema("ForeignKeys") and PRAGMA foreign_key_list, across reopening and renames.</summary>
public sealed class ForeignKeySchemaTests
{
    private const string Schema = """
        CREATE TABLE blogs (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE editions (blog_id INTEGER, year INTEGER, PRIMARY KEY (blog_id, year));
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            blog_id INTEGER REFERENCES blogs ON DELETE CASCADE,
            ed_blog INTEGER, ed_year INTEGER,
            CONSTRAINT fk_posts_editions FOREIGN KEY (ed_blog, ed_year) REFERENCES editions (blog_id, year) ON UPDATE SET NULL);
        """;

    private static List<string> ForeignKeyRows(LightningConnection c, string? table = null) =>
        c.GetSchema("ForeignKeys", [table]).Rows.Cast<DataRow>()
            .Select(r => string.Join("|", r["TABLE_NAME"], r["CONSTRAINT_NAME"] is DBNull ? "-" : r["CONSTRAINT_NAME"], r["FKEY_ID"], r["FKEY_FROM_COLUMN"],
                r["FKEY_FROM_ORDINAL_POSITION"], r["FKEY_TO_TABLE"], r["FKEY_TO_COLUMN"], r["FKEY_ON_UPDATE"], r["FKEY_ON_DELETE"]))
            .ToList();

    [Fact]
    public void GetSchema_lists_every_column_pair_and_resolves_a_bare_reference_to_the_primary_key()
    {
        using var db = new TestDatabase();
        using (LightningConnection c = db.OpenConnection()) c.Execute(Schema);
        // Reopened: the clauses come back from the stored catalog.
        using LightningConnection connection = db.OpenConnection();
        // Table constraints are recorded before column REFERENCES clauses.
        string[] expected =
        [
            "posts|fk_posts_editions|0|ed_blog|1|editions|blog_id|SET NULL|NO ACTION",
            "posts|fk_posts_editions|0|ed_year|2|editions|year|SET NULL|NO ACTION",
            "posts|-|1|blog_id|1|blogs|id|NO ACTION|CASCADE",
        ];
        Assert.Equal(expected, ForeignKeyRows(connection));
        Assert.Equal(expected, ForeignKeyRows(connection, "POSTS"));
        Assert.Empty(ForeignKeyRows(connection, "blogs"));
        Assert.Contains("ForeignKeys", connection.GetSchema().Rows.Cast<DataRow>().Select(r => (string)r["CollectionName"]));
    }

    [Fact]
    public void Pragma_foreign_key_list_has_sqlites_columns()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute(Schema);
        var rows = c.Query<(long Id, long Seq, string Table, string From, string? To, string OnUpdate, string OnDelete, string Match)>("PRAGMA foreign_key_list(posts)").ToList();
        Assert.Equal(
            [
                (0L, 0L, "editions", "ed_blog", "blog_id", "SET NULL", "NO ACTION", "NONE"),
                (0L, 1L, "editions", "ed_year", "year", "SET NULL", "NO ACTION", "NONE"),
                (1L, 0L, "blogs", "blog_id", null, "NO ACTION", "CASCADE", "NONE"),
            ],
            rows);
        Assert.Empty(c.Query("PRAGMA foreign_key_list('blogs')"));
        LightningSqlException unknown = TestSql.ThrowsSql(LightningErrorCode.SqlUnknownObject, () => c.Execute("SELECT 1;\nPRAGMA foreign_key_list(nope)"));
        Assert.Equal((2, 1), (unknown.Line, unknown.Column));
        TestSql.ThrowsSql(LightningErrorCode.SqlSyntax, () => c.Execute("PRAGMA foreign_key_list"));
    }

    [Fact]
    public void Renaming_tables_and_columns_rewrites_the_references()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute(Schema);
        c.Execute("CREATE TABLE nodes (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES nodes (id))");
        c.Execute("ALTER TABLE editions RENAME COLUMN year TO yr");
        c.Execute("ALTER TABLE editions RENAME TO issues");
        c.Execute("ALTER TABLE posts RENAME COLUMN ed_year TO issue_year");
        c.Execute("ALTER TABLE nodes RENAME COLUMN id TO node_id");
        c.Execute("ALTER TABLE nodes RENAME TO tree");
        Assert.Equal(
            [
                "posts|fk_posts_editions|0|ed_blog|1|issues|blog_id|SET NULL|NO ACTION",
                "posts|fk_posts_editions|0|issue_year|2|issues|yr|SET NULL|NO ACTION",
                "posts|-|1|blog_id|1|blogs|id|NO ACTION|CASCADE",
            ],
            ForeignKeyRows(c, "posts"));
        Assert.Equal(["tree|-|0|parent|1|tree|node_id|NO ACTION|NO ACTION"], ForeignKeyRows(c, "tree"));
    }

    [Fact]
    public void A_catalog_written_before_on_update_was_recorded_still_reads()
    {
        using var db = new TestDatabase();
        using (LightningConnection c = db.OpenConnection()) c.Execute(Schema);
        // Rewrite the catalog record as earlier versions wrote it: foreign keys without "OnUpdate".
        byte[] key = [0, 0, 0, 0, (byte)'C'];
        using (LightningDb store = LightningDb.Open(db.Directory))
        {
            string json = System.Text.Encoding.UTF8.GetString(store.Get(key)!);
            string old = System.Text.RegularExpressions.Regex.Replace(json, ",\"OnUpdate\":(null|\"[A-Z ]+\")", "");
            Assert.NotEqual(json, old);
            store.Put(key, System.Text.Encoding.UTF8.GetBytes(old));
        }
        using LightningConnection reopened = db.OpenConnection();
        Assert.Equal(
            [
                "posts|fk_posts_editions|0|ed_blog|1|editions|blog_id|NO ACTION|NO ACTION",
                "posts|fk_posts_editions|0|ed_year|2|editions|year|NO ACTION|NO ACTION",
                "posts|-|1|blog_id|1|blogs|id|NO ACTION|CASCADE",
            ],
            ForeignKeyRows(reopened));
    }
}
