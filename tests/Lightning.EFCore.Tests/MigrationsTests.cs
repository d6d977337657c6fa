using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lightning.EFCore.Tests;

public sealed class Author
{
    public int Id { get; set; }
    public string FullName { get; set; } = "";
    public string? Email { get; set; }
}

/// <summary>A context whose schema comes from migrations (written as <c>dotnet ef migrations add</c> would).</summary>
public sealed class MigratingContext(string connectionString) : DbContext
{
    public DbSet<Author> Authors => Set<Author>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseLightning(connectionString);
}

[DbContext(typeof(MigratingContext))]
[Migration("20260101000000_Init")]
public sealed class InitMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Authors",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Lightning:Autoincrement", true),
                Name = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Authors", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Authors_Name", table: "Authors", column: "Name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "Authors");
}

[DbContext(typeof(MigratingContext))]
[Migration("20260102000000_RenameAndEmail")]
public sealed class RenameAndEmailMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.RenameColumn(name: "Name", table: "Authors", newName: "FullName");
        migrationBuilder.AddColumn<string>(name: "Email", table: "Authors", type: "TEXT", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Email", table: "Authors");
        migrationBuilder.RenameColumn(name: "FullName", table: "Authors", newName: "Name");
    }
}

/// <summary>Migrate(), the history table, down-migrations and the operations KV-SQL cannot apply.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Migrate_applies_pending_migrations_once_and_records_them()
    {
        using var db = new TestDatabase();
        using (var context = new MigratingContext(db.ConnectionString))
        {
            Assert.Equal(["20260101000000_Init", "20260102000000_RenameAndEmail"], context.Database.GetPendingMigrations());
            context.Database.Migrate();
            Assert.Empty(context.Database.GetPendingMigrations());
            Assert.Equal(["20260101000000_Init", "20260102000000_RenameAndEmail"], context.Database.GetAppliedMigrations());
            context.Authors.Add(new Author { FullName = "Ada", Email = "ada@example.com" });
            context.SaveChanges();
        }
        using (var context = new MigratingContext(db.ConnectionString))
        {
            context.Database.Migrate(); // nothing pending: a no-op
            Assert.Equal("ada@example.com", context.Authors.Single(a => a.FullName == "Ada").Email);
            context.Authors.Add(new Author { FullName = "Ada" });
            Assert.Throws<DbUpdateException>(() => context.SaveChanges()); // the unique index survived the column rename
        }
    }

    [Fact]
    public void Migrating_down_reverts_the_schema()
    {
        using var db = new TestDatabase();
        using var context = new MigratingContext(db.ConnectionString);
        context.Database.Migrate();
        IMigrator migrator = context.GetService<IMigrator>();
        migrator.Migrate("20260101000000_Init");
        Assert.Equal(["20260101000000_Init"], context.Database.GetAppliedMigrations());
        Assert.Equal(0, context.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"Authors\" WHERE \"Name\" IS NOT NULL").Single());
        migrator.Migrate("0");
        Assert.Empty(context.Database.GetAppliedMigrations());
    }

    [Fact]
    public void Generated_sql_is_kv_sql_and_unsupported_operations_fail_clearly()
    {
        using var db = new TestDatabase();
        using var context = new MigratingContext(db.ConnectionString);
        IMigrationsSqlGenerator generator = context.GetService<IMigrationsSqlGenerator>();
        var create = new Microsoft.EntityFrameworkCore.Migrations.Operations.CreateTableOperation
        {
            Name = "T",
            Columns =
            {
                new() { Name = "Id", Table = "T", ClrType = typeof(long), ColumnType = "INTEGER", [Metadata.Internal.LightningAnnotationNames.Autoincrement] = true },
                new() { Name = "V", Table = "T", ClrType = typeof(string), ColumnType = "TEXT", IsNullable = true },
            },
            PrimaryKey = new() { Name = "PK_T", Table = "T", Columns = ["Id"] },
        };
        string sql = string.Join("\n", generator.Generate([create]).Select(c => c.CommandText));
        Assert.Contains("\"Id\" INTEGER NOT NULL CONSTRAINT \"PK_T\" PRIMARY KEY AUTOINCREMENT", sql);
        context.Database.ExecuteSqlRaw(sql);

        var alter = new Microsoft.EntityFrameworkCore.Migrations.Operations.AlterColumnOperation { Name = "V", Table = "T", ClrType = typeof(int) };
        NotSupportedException error = Assert.Throws<NotSupportedException>(() => generator.Generate([alter]));
        Assert.Contains("AlterColumn", error.Message);
        Assert.Contains("T.V", error.Message);
    }
}
