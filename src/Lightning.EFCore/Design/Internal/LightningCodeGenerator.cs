using System.Reflection;
using Lightning.EFCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Scaffolding;

namespace Lightning.EFCore.Design.Internal;

/// <summary>Writes the <c>optionsBuilder.UseLightning("...")</c> call into a context scaffolded from an existing database.</summary>
public class LightningCodeGenerator(ProviderCodeGeneratorDependencies dependencies) : ProviderCodeGenerator(dependencies)
{
    private static readonly MethodInfo UseLightningMethod = typeof(LightningDbContextOptionsBuilderExtensions).GetRuntimeMethod(
        nameof(LightningDbContextOptionsBuilderExtensions.UseLightning),
        [typeof(DbContextOptionsBuilder), typeof(string), typeof(Action<LightningDbContextOptionsBuilder>)])!;

    /// <summary>The <c>UseLightning(connectionString)</c> call, with the provider options as a lambda when there are any.</summary>
    /// <param name="connectionString">The connection string the context was scaffolded from.</param>
    /// <param name="providerOptions">Provider option calls (e.g. <c>CommandTimeout</c>), or null.</param>
    public override MethodCallCodeFragment GenerateUseProvider(string connectionString, MethodCallCodeFragment? providerOptions)
        => providerOptions is null
            ? new MethodCallCodeFragment(UseLightningMethod, connectionString)
            : new MethodCallCodeFragment(UseLightningMethod, connectionString, new NestedClosureCodeFragment("x", providerOptions));
}
