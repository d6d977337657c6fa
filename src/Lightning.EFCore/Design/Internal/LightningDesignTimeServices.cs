using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.EFCore.Design.Internal;

/// <summary>
/// The design-time services of the Lightning provider, found by the EF Core tools through the assembly's
/// <see cref="DesignTimeProviderServicesAttribute"/>: the provider's runtime services (type mappings, migrations SQL,
/// history table), plus the annotation code generator for migrations and snapshots, reverse engineering of an existing
/// database (<c>dotnet ef dbcontext scaffold</c>) and the <c>UseLightning(...)</c> call scaffolded contexts carry.
/// </summary>
public class LightningDesignTimeServices : IDesignTimeServices
{
    /// <summary>Adds the Lightning design-time services to <paramref name="serviceCollection"/>.</summary>
    /// <param name="serviceCollection">The design-time service collection the EF Core tools build.</param>
    public virtual void ConfigureDesignTimeServices(IServiceCollection serviceCollection)
    {
        ArgumentNullException.ThrowIfNull(serviceCollection);
        serviceCollection.AddEntityFrameworkLightning();
        // The provider adds no model annotations of its own that need fluent API calls (its one annotation,
        // AUTOINCREMENT, lives on the relational model and is derived again from the model), so EF's generator suffices.
        new EntityFrameworkRelationalDesignServicesBuilder(serviceCollection)
            .TryAdd<IAnnotationCodeGenerator, AnnotationCodeGenerator>()
            .TryAdd<IDatabaseModelFactory, LightningDatabaseModelFactory>()
            .TryAdd<IProviderConfigurationCodeGenerator, LightningCodeGenerator>()
            .TryAddCoreServices();
    }
}
