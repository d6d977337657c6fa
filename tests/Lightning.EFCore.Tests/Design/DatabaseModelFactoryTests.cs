using Lightning.Data;
using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.EFCore.Tests.Design;

/// <summary>Reverse engineering (<c>dotnet ef dbcontext scaffold</c>) of a database made by EnsureCreated and by plain KV-SQL.</summary>
public sealed class DatabaseModelFactoryTests
{
    [Fact]
    public void Reads_tables_columns_keys_and_indexes()
    {
        using var database = new TestDatabase();
        using (database.CreateContext()) { }
        DatabaseModel model = DesignServices.ForProvider().GetRequiredService<IDatabaseModelFactory>()
            .Create(database.ConnectionString, new DatabaseModelFactoryOptions());

        Assert.Equal(["Accounts", "Blogs", "Posts", "Tags"], model.Tables.Select(t => t.Name).Order());
        DatabaseTable blogs = model.Tables.Single(t => t.Name == "Blogs");
        Assert.Equal(["Id", "Name", "Url", "Rating"], blogs.Columns.Select(c => c.Name));
        DatabaseColumn id = blogs.PrimaryKey!.Columns.Single();
        Assert.Equal(("Id", "INTEGER", ValueGenerated.OnAdd), (id.Name, id.StoreType, id.ValueGenerated));
        DatabaseColumn url = Column(blogs, "Url");
        Assert.True(url.IsNullable);
        Assert.False(Column(blogs, "Name").IsNullable);
        DatabaseIndex byName = Assert.Single(blogs.Indexes);
        Assert.Equal(("IX_Blogs_Name", true, "Name"), (byName.Name, byName.IsUnique, byName.Columns.Single().Name));
        Assert.Equal("DATETIME", Column(model.Tables.Single(t => t.Name == "Posts"), "PublishedOn").StoreType);
    }

    [Fact]
    public void Composite_keys_keep_their_declared_order_table_filters_apply_and_the_history_table_is_left_out()
    {
        using var database = new TestDatabase();
        using (var connection = new LightningConnection(database.ConnectionString))
        {
            connection.Open();
            using LightningCommand command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE stock (name TEXT, warehouse INTEGER NOT NULL, amount REAL DEFAULT 0, PRIMARY KEY (warehouse, name));
                CREATE INDEX stock_by_amount ON stock (amount, name);
                CREATE TABLE other (id INTEGER PRIMARY KEY);
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                """;
            command.ExecuteNonQuery();
            // A connection handed in open is read through and left open for its owner.
            DatabaseModel fromOpenConnection = DesignServices.ForProvider().GetRequiredService<IDatabaseModelFactory>().Create(connection, new DatabaseModelFactoryOptions());
            Assert.Equal(["other", "stock"], fromOpenConnection.Tables.Select(t => t.Name).Order());
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }
        IDatabaseModelFactory factory = DesignServices.ForProvider().GetRequiredService<IDatabaseModelFactory>();
        DatabaseModel model = factory.Create(database.ConnectionString, new DatabaseModelFactoryOptions(tables: ["main.STOCK"]));

        DatabaseTable stock = Assert.Single(model.Tables);
        Assert.Equal("stock", stock.Name);
        Assert.Equal(["warehouse", "name"], stock.PrimaryKey!.Columns.Select(c => c.Name));
        Assert.All(stock.PrimaryKey.Columns, c => Assert.Null(c.ValueGenerated)); // only a lone INTEGER key is generated
        Assert.Equal("0", Column(stock, "amount").DefaultValueSql);
        Assert.Equal(["amount", "name"], Assert.Single(stock.Indexes).Columns.Select(c => c.Name));
    }

    [Fact]
    public void Dbcontext_scaffold_writes_a_context_using_UseLightning_and_entity_classes()
    {
        using var database = new TestDatabase();
        using (database.CreateContext()) { }
        IReverseEngineerScaffolder scaffolder = DesignServices.ForProvider().GetRequiredService<IReverseEngineerScaffolder>();

        ScaffoldedModel scaffolded = scaffolder.ScaffoldModel(database.ConnectionString, new DatabaseModelFactoryOptions(),
            new ModelReverseEngineerOptions(),
            new ModelCodeGenerationOptions { ContextName = "ShopContext", RootNamespace = "Shop", ModelNamespace = "Shop", ContextNamespace = "Shop", UseNullableReferenceTypes = true });

        string context = scaffolded.ContextFile.Code;
        Assert.Contains($"optionsBuilder.UseLightning(\"{database.ConnectionString}\")", context, StringComparison.Ordinal);
        Assert.Contains("public virtual DbSet<Blog> Blogs { get; set; }", context, StringComparison.Ordinal);
        Assert.Contains("entity.HasIndex(e => e.Name, \"IX_Blogs_Name\").IsUnique();", context, StringComparison.Ordinal);
        // INTEGER reads back as long, the type mapping source's default for the store type (as with SQLite).
        string blog = scaffolded.AdditionalFiles.Single(f => f.Path == "Blog.cs").Code;
        Assert.Contains("public long Id { get; set; }", blog, StringComparison.Ordinal);
        Assert.Contains("public string Name { get; set; } = null!;", blog, StringComparison.Ordinal);
        Assert.Contains("public string? Url { get; set; }", blog, StringComparison.Ordinal);
        Assert.Contains("public DateTime PublishedOn { get; set; }", scaffolded.AdditionalFiles.Single(f => f.Path == "Post.cs").Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Foreign_keys_become_relationships_with_navigations()
    {
        using var database = new TestDatabase();
        using (database.CreateContext()) { }
        IDatabaseModelFactory factory = DesignServices.ForProvider().GetRequiredService<IDatabaseModelFactory>();
        DatabaseModel model = factory.Create(database.ConnectionString, new DatabaseModelFactoryOptions());

        DatabaseForeignKey postBlog = Assert.Single(model.Tables.Single(t => t.Name == "Posts").ForeignKeys);
        Assert.Equal(("FK_Posts_Blogs_BlogId", "Blogs", ReferentialAction.Cascade), (postBlog.Name, postBlog.PrincipalTable.Name, postBlog.OnDelete));
        Assert.Equal(["BlogId"], postBlog.Columns.Select(c => c.Name));
        Assert.Equal(["Id"], postBlog.PrincipalColumns.Select(c => c.Name));
        Assert.Equal("Posts", Assert.Single(model.Tables.Single(t => t.Name == "Tags").ForeignKeys).PrincipalTable.Name);
        Assert.Empty(model.Tables.Single(t => t.Name == "Blogs").ForeignKeys);

        // With the principal left out by --table there is no other end: the key is dropped, the column stays.
        DatabaseTable postsOnly = Assert.Single(factory.Create(database.ConnectionString, new DatabaseModelFactoryOptions(tables: ["Posts"])).Tables);
        Assert.Empty(postsOnly.ForeignKeys);
        Assert.Contains(postsOnly.Columns, c => c.Name == "BlogId");

        ScaffoldedModel scaffolded = DesignServices.ForProvider().GetRequiredService<IReverseEngineerScaffolder>().ScaffoldModel(
            database.ConnectionString, new DatabaseModelFactoryOptions(), new ModelReverseEngineerOptions(),
            new ModelCodeGenerationOptions { ContextName = "ShopContext", RootNamespace = "Shop", ModelNamespace = "Shop", ContextNamespace = "Shop", UseNullableReferenceTypes = true });
        Assert.Contains("public virtual Blog Blog { get; set; } = null!;", scaffolded.AdditionalFiles.Single(f => f.Path == "Post.cs").Code, StringComparison.Ordinal);
        Assert.Contains("public virtual ICollection<Post> Posts { get; set; } = new List<Post>();", scaffolded.AdditionalFiles.Single(f => f.Path == "Blog.cs").Code, StringComparison.Ordinal);
        Assert.Contains("HasForeignKey(d => d.BlogId)", scaffolded.ContextFile.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Composite_and_bare_references_from_plain_kv_sql()
    {
        using var database = new TestDatabase();
        using (var connection = new LightningConnection(database.ConnectionString))
        {
            connection.Open();
            using LightningCommand command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE editions (blog INTEGER, year INTEGER, title TEXT, PRIMARY KEY (blog, year));
                CREATE TABLE articles (id INTEGER PRIMARY KEY, ed_blog INTEGER NOT NULL, ed_year INTEGER NOT NULL, parent INTEGER REFERENCES articles ON DELETE SET NULL,
                    FOREIGN KEY (ed_blog, ed_year) REFERENCES editions (blog, year));
                """;
            command.ExecuteNonQuery();
        }
        DatabaseModel model = DesignServices.ForProvider().GetRequiredService<IDatabaseModelFactory>()
            .Create(database.ConnectionString, new DatabaseModelFactoryOptions());
        DatabaseTable articles = model.Tables.Single(t => t.Name == "articles");
        Assert.Equal(2, articles.ForeignKeys.Count);
        DatabaseForeignKey edition = articles.ForeignKeys.Single(f => f.PrincipalTable.Name == "editions");
        Assert.Equal(["ed_blog", "ed_year"], edition.Columns.Select(c => c.Name));
        Assert.Equal(["blog", "year"], edition.PrincipalColumns.Select(c => c.Name));
        Assert.Equal(ReferentialAction.NoAction, edition.OnDelete);
        DatabaseForeignKey parent = articles.ForeignKeys.Single(f => f.PrincipalTable.Name == "articles");
        Assert.Equal(("parent", "id", ReferentialAction.SetNull), (parent.Columns.Single().Name, parent.PrincipalColumns.Single().Name, parent.OnDelete));
    }

    private static DatabaseColumn Column(DatabaseTable table, string name) => table.Columns.Single(c => c.Name == name);
}
