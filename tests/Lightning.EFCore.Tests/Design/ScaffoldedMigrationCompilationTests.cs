using System.Reflection;
using System.Runtime.Loader;
using Lightning.EFCore.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.EFCore.Tests.Design;

/// <summary>
/// The C# that <c>dotnet ef migrations add</c> writes compiles; its snapshot reads back as the same model (no pending
/// changes, so the next <c>migrations add</c> is empty); its Up() applies to a fresh database and its Down() removes it all.
/// </summary>
public sealed class ScaffoldedMigrationCompilationTests
{
    [Fact]
    public void Scaffolded_migration_compiles_round_trips_and_applies()
    {
        using var database = new TestDatabase();
        using BloggingContext context = database.CreateContext(ensureCreated: false);
        IServiceProvider design = DesignServices.For(context);
        ScaffoldedMigration scaffolded = design.GetRequiredService<IMigrationsScaffolder>().ScaffoldMigration("Initial", "Blogging.App", "Migrations");

        var loadContext = new AssemblyLoadContext("scaffolded-migration", isCollectible: true);
        try
        {
            Assembly assembly = Compile(loadContext, scaffolded.MigrationCode, scaffolded.MetadataCode, scaffolded.SnapshotCode);

            // The snapshot is the model the next migrations add diffs against: it must describe exactly the current model.
            var snapshot = (ModelSnapshot)Activator.CreateInstance(assembly.GetType("Blogging.App.Migrations.BloggingContextModelSnapshot", throwOnError: true)!)!;
            IModel snapshotModel = context.GetService<IModelRuntimeInitializer>().Initialize(((IMutableModel)snapshot.Model).FinalizeModel());
            IModel currentModel = context.GetService<IDesignTimeModel>().Model;
            IMigrationsModelDiffer differ = design.GetRequiredService<IMigrationsModelDiffer>();
            Assert.False(differ.HasDifferences(snapshotModel.GetRelationalModel(), currentModel.GetRelationalModel()));

            var migration = (Migration)Activator.CreateInstance(assembly.GetType("Blogging.App.Migrations.Initial", throwOnError: true)!)!;
            Execute(context, migration.UpOperations, currentModel);
            context.Blogs.Add(new Blog { Name = "compiled", Posts = [new Post { Title = "up", PublishedOn = new DateTime(2026, 3, 4), Tags = [new Tag { Label = "t" }] }] });
            context.SaveChanges();
            Assert.Equal("up", context.Posts.Include(p => p.Blog).Single(p => p.Blog.Name == "compiled").Title);

            Execute(context, migration.DownOperations, currentModel);
            using var connection = new Lightning.Data.LightningConnection(database.ConnectionString);
            connection.Open();
            Assert.Equal(["kv"], TableNames(connection)); // only the engine's built-in table is left
        }
        finally
        {
            loadContext.Unload();
        }
    }

    private static void Execute(BloggingContext context, IReadOnlyList<Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation> operations, IModel model)
    {
        IReadOnlyList<MigrationCommand> commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, model);
        context.GetService<IMigrationCommandExecutor>().ExecuteNonQuery(commands, context.GetService<IRelationalConnection>());
    }

    private static List<string> TableNames(Lightning.Data.LightningConnection connection)
    {
        var names = new List<string>();
        foreach (System.Data.DataRow row in connection.GetSchema("Tables").Rows) names.Add((string)row["TABLE_NAME"]);
        return names;
    }

    /// <summary>Compiles the scaffolded files against the assemblies this test runs with, into a collectible context.</summary>
    private static Assembly Compile(AssemblyLoadContext loadContext, params string[] sources)
    {
        // The runtime's and the test's own dependencies (the host lists them all), plus anything loaded from elsewhere.
        var referencePaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
            referencePaths.TryAdd(Path.GetFileName(path), path);
        foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
            if (!loaded.IsDynamic && loaded.Location.Length > 0) referencePaths.TryAdd(Path.GetFileName(loaded.Location), loaded.Location);
        var references = new List<MetadataReference>(referencePaths.Count);
        foreach (string path in referencePaths.Values) references.Add(MetadataReference.CreateFromFile(path));

        var syntaxTrees = new List<SyntaxTree>();
        foreach (string source in sources) syntaxTrees.Add(CSharpSyntaxTree.ParseText(source));
        CSharpCompilation compilation = CSharpCompilation.Create("ScaffoldedMigration", syntaxTrees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        image.Position = 0;
        return loadContext.LoadFromStream(image);
    }
}
