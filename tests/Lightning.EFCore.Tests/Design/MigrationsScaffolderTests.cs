using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.EFCore.Tests.Design;

/// <summary>What <c>dotnet ef migrations add</c> writes for the blog model, and that its operations apply to a fresh database.</summary>
public sealed class MigrationsScaffolderTests
{
    [Fact]
    public void Migrations_add_writes_the_tables_keys_and_indexes_of_the_model()
    {
        using var database = new TestDatabase();
        using BloggingContext context = database.CreateContext(ensureCreated: false);
        IMigrationsScaffolder scaffolder = DesignServices.For(context).GetRequiredService<IMigrationsScaffolder>();

        ScaffoldedMigration migration = scaffolder.ScaffoldMigration("Initial", "Blogging.App", "Migrations");

        Assert.Equal("Migrations", migration.MigrationSubNamespace);
        Assert.EndsWith("_Initial", migration.MigrationId, StringComparison.Ordinal);
        string up = migration.MigrationCode;
        foreach (string table in new[] { "Blogs", "Posts", "Tags", "Accounts" })
            Assert.Contains($"migrationBuilder.CreateTable(\n                name: \"{table}\"", up.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        // The single generated integer keys carry the provider's AUTOINCREMENT annotation; the types are ours.
        Assert.Contains("Id = table.Column<int>(type: \"INTEGER\", nullable: false)", up, StringComparison.Ordinal);
        Assert.Contains(".Annotation(\"Lightning:Autoincrement\", true)", up, StringComparison.Ordinal);
        Assert.Contains("Balance = table.Column<decimal>(type: \"DECIMAL\", nullable: false)", up, StringComparison.Ordinal);
        Assert.Contains("PublishedOn = table.Column<DateTime>(type: \"DATETIME\", nullable: false)", up, StringComparison.Ordinal);
        Assert.Contains("table.ForeignKey(", up, StringComparison.Ordinal);
        Assert.Contains("name: \"IX_Blogs_Name\"", up, StringComparison.Ordinal);
        Assert.Contains("unique: true", up, StringComparison.Ordinal);
        Assert.Contains("migrationBuilder.DropTable(", up, StringComparison.Ordinal);
        Assert.Contains("[DbContext(typeof(BloggingContext))]", migration.MetadataCode, StringComparison.Ordinal);
        Assert.Contains($"[Migration(\"{migration.MigrationId}\")]", migration.MetadataCode, StringComparison.Ordinal);
        Assert.Contains("partial class BloggingContextModelSnapshot : ModelSnapshot", migration.SnapshotCode, StringComparison.Ordinal);
        Assert.Contains("b.HasIndex(\"Name\")", migration.SnapshotCode, StringComparison.Ordinal);
    }

    [Fact]
    public void The_operations_of_the_scaffolded_migration_apply_and_the_model_then_works()
    {
        using var database = new TestDatabase();
        using (BloggingContext context = database.CreateContext(ensureCreated: false))
        {
            IServiceProvider design = DesignServices.For(context);
            IModel model = context.GetService<IDesignTimeModel>().Model;
            // The same differ and SQL generator the scaffolder's Up() and Migrate() go through.
            IReadOnlyList<MigrationOperation> operations = design.GetRequiredService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel());
            Assert.Equal(4, CountOf<CreateTableOperation>(operations));
            IReadOnlyList<MigrationCommand> commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, model);
            context.GetService<IMigrationCommandExecutor>().ExecuteNonQuery(commands, context.GetService<IRelationalConnection>());
            Assert.Empty(context.Database.GetAppliedMigrations());

            var blog = new Blog { Name = "design", Posts = [new Post { Title = "scaffolded", PublishedOn = new DateTime(2026, 1, 2) }] };
            context.Blogs.Add(blog);
            context.SaveChanges();
            Assert.Equal(1, blog.Id);
        }
        using (BloggingContext context = database.CreateContext(ensureCreated: false))
        {
            Blog blog = context.Blogs.Include(b => b.Posts).Single();
            Assert.Equal("scaffolded", Assert.Single(blog.Posts).Title);
            context.Blogs.Add(new Blog { Name = "design" });
            Assert.Throws<DbUpdateException>(() => context.SaveChanges()); // the unique index was created
        }
    }

    private static int CountOf<T>(IReadOnlyList<MigrationOperation> operations)
    {
        int count = 0;
        foreach (MigrationOperation operation in operations)
            if (operation is T) count++;
        return count;
    }
}
