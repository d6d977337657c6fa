using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Lightning.EFCore.Metadata.Conventions;

/// <summary>The relational conventions (Lightning adds none of its own yet).</summary>
public class LightningConventionSetBuilder(ProviderConventionSetBuilderDependencies dependencies, RelationalConventionSetBuilderDependencies relationalDependencies)
    : RelationalConventionSetBuilder(dependencies, relationalDependencies);
