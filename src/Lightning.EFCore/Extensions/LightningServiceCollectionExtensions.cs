using Lightning.EFCore.Diagnostics.Internal;
using Lightning.EFCore.Infrastructure.Internal;
using Lightning.EFCore.Metadata.Conventions;
using Lightning.EFCore.Metadata.Internal;
using Lightning.EFCore.Migrations.Internal;
using Lightning.EFCore.Query.Internal;
using Lightning.EFCore.Storage.Internal;
using Lightning.EFCore.Update.Internal;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

// In the DI namespace, as EF Core's own providers do.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Lightning provider's services (normally done for you by <c>UseLightning</c>).</summary>
public static class LightningServiceCollectionExtensions
{
    /// <summary>Adds the services EF Core needs to talk to Lightning.Data.</summary>
    public static IServiceCollection AddEntityFrameworkLightning(this IServiceCollection serviceCollection)
    {
        new EntityFrameworkRelationalServicesBuilder(serviceCollection)
            .TryAdd<LoggingDefinitions, LightningLoggingDefinitions>()
            .TryAdd<IDatabaseProvider, DatabaseProvider<LightningOptionsExtension>>()
            .TryAdd<IRelationalTypeMappingSource, LightningTypeMappingSource>()
            .TryAdd<ISqlGenerationHelper, RelationalSqlGenerationHelper>()
            .TryAdd<IRelationalAnnotationProvider, LightningAnnotationProvider>()
            .TryAdd<IProviderConventionSetBuilder, LightningConventionSetBuilder>()
            .TryAdd<IUpdateSqlGenerator, LightningUpdateSqlGenerator>()
            .TryAdd<IModificationCommandBatchFactory, LightningModificationCommandBatchFactory>()
            .TryAdd<IRelationalConnection, LightningRelationalConnection>()
            .TryAdd<IMigrationsSqlGenerator, LightningMigrationsSqlGenerator>()
            .TryAdd<IRelationalDatabaseCreator, LightningDatabaseCreator>()
            .TryAdd<IHistoryRepository, LightningHistoryRepository>()
            .TryAdd<IMethodCallTranslatorProvider, LightningMethodCallTranslatorProvider>()
            .TryAdd<IMemberTranslatorProvider, LightningMemberTranslatorProvider>()
            .TryAdd<IQuerySqlGeneratorFactory, LightningQuerySqlGeneratorFactory>()
            .TryAdd<IRelationalSqlTranslatingExpressionVisitorFactory, LightningSqlTranslatingExpressionVisitorFactory>()
            .TryAddCoreServices();
        return serviceCollection;
    }
}
