using System.Reflection;
using Lightning.EFCore.Design.Internal;
using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.EFCore.Tests.Design;

/// <summary>The tools find the provider's design-time services and get Lightning's implementations from them.</summary>
public sealed class DesignTimeServicesTests
{
    [Fact]
    public void The_provider_assembly_names_its_design_time_services()
    {
        DesignTimeProviderServicesAttribute? attribute = typeof(LightningDesignTimeServices).Assembly.GetCustomAttribute<DesignTimeProviderServicesAttribute>();
        Assert.NotNull(attribute);
        Type? type = typeof(LightningDesignTimeServices).Assembly.GetType(attribute.TypeName);
        Assert.Equal(typeof(LightningDesignTimeServices), type);
    }

    [Fact]
    public void Design_time_services_built_for_a_context_are_the_Lightning_ones()
    {
        using var database = new TestDatabase();
        using BloggingContext context = database.CreateContext(ensureCreated: false);
        IServiceProvider services = DesignServices.For(context);
        Assert.IsType<LightningDatabaseModelFactory>(services.GetRequiredService<IDatabaseModelFactory>());
        Assert.IsType<LightningCodeGenerator>(services.GetRequiredService<IProviderConfigurationCodeGenerator>());
        Assert.IsType<Lightning.EFCore.Migrations.Internal.LightningMigrationsSqlGenerator>(services.GetRequiredService<IMigrationsSqlGenerator>());
        Assert.IsType<Lightning.EFCore.Migrations.Internal.LightningHistoryRepository>(services.GetRequiredService<IHistoryRepository>());
        Assert.NotNull(services.GetRequiredService<IAnnotationCodeGenerator>());
    }

    [Fact]
    public void Scaffolded_contexts_configure_UseLightning_with_the_connection_string()
    {
        var generator = DesignServices.ForProvider().GetRequiredService<IProviderConfigurationCodeGenerator>();
        MethodCallCodeFragment call = generator.GenerateUseProvider("Data Source=shop.ldb");
        Assert.Equal("UseLightning", call.Method);
        Assert.Equal(["Data Source=shop.ldb"], call.Arguments);
        Assert.Equal("Microsoft.EntityFrameworkCore", call.Namespace);
    }

    [Fact]
    public void Provider_options_become_a_nested_lambda()
    {
        var generator = DesignServices.ForProvider().GetRequiredService<IProviderConfigurationCodeGenerator>();
        var options = new MethodCallCodeFragment(typeof(Lightning.EFCore.Infrastructure.LightningDbContextOptionsBuilder).GetMethod("CommandTimeout")!, 30);
        MethodCallCodeFragment call = generator.GenerateUseProvider("Data Source=shop.ldb", options);
        Assert.Equal(2, call.Arguments.Count);
        var closure = Assert.IsType<NestedClosureCodeFragment>(call.Arguments[1]);
        Assert.Equal("CommandTimeout", Assert.Single(closure.MethodCalls).Method);
    }
}
