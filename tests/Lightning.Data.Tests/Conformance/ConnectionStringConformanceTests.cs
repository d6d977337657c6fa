using System.Data.Common;
using Lightning.Kv;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The behaviours of ConnectionStringTestBase, plus the keys Lightning.Data defines.</summary>
public sealed class ConnectionStringConformanceTests
{
    [Fact]
    public void ConnectionString_is_empty_by_default()
    {
        DbConnectionStringBuilder builder = LightningFactory.Instance.CreateConnectionStringBuilder()!;
        Assert.Equal(string.Empty, builder.ConnectionString);
    }

    [Fact]
    public void ConnectionString_set_to_null_is_empty_string()
    {
        DbConnectionStringBuilder builder = LightningFactory.Instance.CreateConnectionStringBuilder()!;
        builder.ConnectionString = null;
        Assert.Empty(builder.ConnectionString);
    }

    [Fact]
    public void Factory_creates_our_builder()
    {
        Assert.IsType<LightningConnectionStringBuilder>(LightningFactory.Instance.CreateConnectionStringBuilder());
    }

    [Fact]
    public void Keys_are_parsed()
    {
        var builder = new LightningConnectionStringBuilder("Data Source=/tmp/x;Mode=ReadOnly;Durability=Normal;Cache Size=1048576;Default Timeout=7");
        Assert.Equal("/tmp/x", builder.DataSource);
        Assert.Equal(LightningOpenMode.ReadOnly, builder.Mode);
        Assert.Equal(Durability.Normal, builder.Durability);
        Assert.Equal(1048576L, builder.CacheSize);
        Assert.Equal(7, builder.DefaultTimeout);
    }

    [Fact]
    public void Keys_are_case_insensitive()
    {
        var builder = new LightningConnectionStringBuilder("data source=dir;mode=readwrite");
        Assert.Equal("dir", builder.DataSource);
        Assert.Equal(LightningOpenMode.ReadWrite, builder.Mode);
    }

    [Fact]
    public void Properties_round_trip_through_ConnectionString()
    {
        var builder = new LightningConnectionStringBuilder { DataSource = "some dir", Mode = LightningOpenMode.ReadWrite, DefaultTimeout = 12 };
        var parsed = new LightningConnectionStringBuilder(builder.ConnectionString);
        Assert.Equal("some dir", parsed.DataSource);
        Assert.Equal(LightningOpenMode.ReadWrite, parsed.Mode);
        Assert.Equal(12, parsed.DefaultTimeout);
    }

    [Fact]
    public void Defaults()
    {
        var builder = new LightningConnectionStringBuilder();
        Assert.Equal("", builder.DataSource);
        Assert.Equal(LightningOpenMode.ReadWriteCreate, builder.Mode);
        Assert.Equal(30, builder.DefaultTimeout);
    }

    [Fact]
    public void Unknown_key_throws_ArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => new LightningConnectionStringBuilder("xyzzy=Invalid"));
    }

    [Fact]
    public void Invalid_value_throws_ArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => new LightningConnectionStringBuilder("Data Source=x;Mode=Sideways"));
    }

    [Fact]
    public void Default_Timeout_reaches_commands()
    {
        using var connection = new LightningConnection("Data Source=:memory:;Default Timeout=9");
        using DbCommand command = connection.CreateCommand();
        Assert.Equal(9, command.CommandTimeout);
    }
}
