using System.Data.Common;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The behaviours of DbProviderFactoryTestBase.</summary>
public sealed class FactoryConformanceTests
{
    private static DbProviderFactory Factory => LightningFactory.Instance;

    [Fact]
    public void Creates_provider_objects()
    {
        Assert.IsType<LightningCommand>(Factory.CreateCommand());
        Assert.IsType<LightningConnection>(Factory.CreateConnection());
        Assert.IsType<LightningConnectionStringBuilder>(Factory.CreateConnectionStringBuilder());
        Assert.IsType<LightningParameter>(Factory.CreateParameter());
        Assert.NotNull(Factory.CreateCommandBuilder());
        Assert.NotNull(Factory.CreateDataAdapter());
    }

    [Fact]
    public void CanCreate_flags_are_accurate()
    {
        Assert.True(Factory.CanCreateCommandBuilder);
        Assert.True(Factory.CanCreateDataAdapter);
        Assert.True(Factory.CanCreateBatch);
        Assert.False(Factory.CanCreateDataSourceEnumerator);
        Assert.Null(Factory.CreateDataSourceEnumerator());
        Assert.IsType<LightningBatch>(Factory.CreateBatch());
        Assert.NotNull(Factory.CreateBatchCommand());
    }

    [Fact]
    public void Is_registrable_with_DbProviderFactories()
    {
        DbProviderFactories.RegisterFactory("Lightning.Data.Tests", LightningFactory.Instance);
        Assert.Same(LightningFactory.Instance, DbProviderFactories.GetFactory("Lightning.Data.Tests"));
        using var connection = new LightningConnection();
        Assert.Same(LightningFactory.Instance, DbProviderFactories.GetFactory(connection));
    }
}
