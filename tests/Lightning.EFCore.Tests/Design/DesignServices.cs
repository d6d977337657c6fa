using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;

namespace Lightning.EFCore.Tests.Design;

/// <summary>Builds design-time services the way the dotnet-ef tool does, without the tool.</summary>
internal static class DesignServices
{
    /// <summary>For commands with a context (migrations add, database update): provider found through the context.</summary>
    public static IServiceProvider For(DbContext context) => NewBuilder().Build(context);

    /// <summary>For commands with only a provider name (dbcontext scaffold).</summary>
    public static IServiceProvider ForProvider() => NewBuilder().Build("Lightning.EFCore");

    private static DesignTimeServicesBuilder NewBuilder()
        => new(typeof(DesignServices).Assembly, typeof(DesignServices).Assembly, new OperationReporter(handler: null), []);
}
