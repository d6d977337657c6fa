using System.Collections;
using Lightning.Kv;

namespace Lightning.Data.Tests.Ado;

public sealed class ConnectionStringBuilderTests
{
    [Fact]
    public void Defaults_when_empty()
    {
        var b = new LightningConnectionStringBuilder();
        Assert.Equal("", b.DataSource);
        Assert.Equal(LightningOpenMode.ReadWriteCreate, b.Mode);
        Assert.Equal(Durability.Full, b.Durability);
        Assert.Equal(0L, b.CacheSize);
        Assert.Equal(30, b.DefaultTimeout);
        Assert.Equal("", b.ConnectionString);
    }

    [Fact]
    public void Parses_every_key()
    {
        var b = new LightningConnectionStringBuilder("Data Source=/tmp/db;Mode=ReadOnly;Durability=None;Cache Size=4096;Default Timeout=5");
        Assert.Equal("/tmp/db", b.DataSource);
        Assert.Equal(LightningOpenMode.ReadOnly, b.Mode);
        Assert.Equal(Durability.None, b.Durability);
        Assert.Equal(4096L, b.CacheSize);
        Assert.Equal(5, b.DefaultTimeout);
    }

    [Theory]
    [InlineData("DataSource=a")]
    [InlineData("Filename=a")]
    [InlineData("data source=a")]
    [InlineData("FILENAME=a")]
    public void Data_source_aliases(string text) => Assert.Equal("a", new LightningConnectionStringBuilder(text).DataSource);

    [Theory]
    [InlineData("Command Timeout=7")]
    [InlineData("DefaultTimeout=7")]
    [InlineData("default timeout=7")]
    public void Timeout_aliases(string text) => Assert.Equal(7, new LightningConnectionStringBuilder(text).DefaultTimeout);

    [Fact]
    public void Aliases_serialize_under_canonical_names()
    {
        var b = new LightningConnectionStringBuilder("filename=x;command timeout=9;mode=readwrite;cachesize=10;durability=normal");
        Assert.Equal("Data Source=x;Mode=ReadWrite;Durability=Normal;Cache Size=10;Default Timeout=9", b.ConnectionString);
    }

    [Fact]
    public void Properties_serialize_and_round_trip()
    {
        var b = new LightningConnectionStringBuilder
        {
            DataSource = "my dir;x",
            Mode = LightningOpenMode.Memory,
            Durability = Durability.Normal,
            CacheSize = 1 << 20,
            DefaultTimeout = 0,
        };
        var parsed = new LightningConnectionStringBuilder(b.ConnectionString);
        Assert.Equal("my dir;x", parsed.DataSource);
        Assert.Equal(LightningOpenMode.Memory, parsed.Mode);
        Assert.Equal(Durability.Normal, parsed.Durability);
        Assert.Equal(1L << 20, parsed.CacheSize);
        Assert.Equal(0, parsed.DefaultTimeout);
    }

    [Theory]
    [InlineData("64", 64L)]
    [InlineData("64KB", 64_000L)]
    [InlineData("64MB", 64_000_000L)]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("64KiB", 64L * 1024)]
    [InlineData("64 MiB", 64L << 20)]
    [InlineData("1gib", 1L << 30)]
    [InlineData("8M", 8L << 20)]
    public void Cache_size_accepts_units(string text, long expected) =>
        Assert.Equal(expected, new LightningConnectionStringBuilder("Cache Size=" + text).CacheSize);

    [Theory]
    [InlineData("Bogus=1", "Bogus")]
    [InlineData("Data Source=x;Password=secret", "Password")]
    public void Unknown_key_throws_naming_it(string text, string key)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => new LightningConnectionStringBuilder(text));
        Assert.Contains(key, e.Message, StringComparison.OrdinalIgnoreCase); // the base parser lower-cases keys
    }

    [Theory]
    [InlineData("Mode=Sideways")]
    [InlineData("Mode=17")]
    [InlineData("Durability=Eventually")]
    [InlineData("Cache Size=lots")]
    [InlineData("Cache Size=-1")]
    [InlineData("Cache Size=12XB")]
    [InlineData("Cache Size=99999999999999GB")]
    [InlineData("Default Timeout=soon")]
    [InlineData("Default Timeout=-5")]
    public void Invalid_value_throws(string text) => Assert.ThrowsAny<ArgumentException>(() => new LightningConnectionStringBuilder(text));

    [Fact]
    public void Invalid_property_values_throw()
    {
        var b = new LightningConnectionStringBuilder();
        Assert.ThrowsAny<ArgumentException>(() => b.DefaultTimeout = -1);
        Assert.ThrowsAny<ArgumentException>(() => b.CacheSize = -1);
        Assert.ThrowsAny<ArgumentException>(() => b.Mode = (LightningOpenMode)42);
        Assert.ThrowsAny<ArgumentException>(() => b["Mode"] = DayOfWeek.Monday);
    }

    [Fact]
    public void Indexer_gets_defaults_and_sets_typed_values()
    {
        var b = new LightningConnectionStringBuilder();
        Assert.Equal(30, b["Default Timeout"]);
        Assert.Equal(LightningOpenMode.ReadWriteCreate, b["mode"]);
        b["filename"] = "d";
        b["Mode"] = "readonly";
        b["Durability"] = Durability.None;
        b["Cache Size"] = 100;
        b["Command Timeout"] = "3";
        Assert.Equal("d", b.DataSource);
        Assert.Equal(LightningOpenMode.ReadOnly, b.Mode);
        Assert.Equal(Durability.None, b.Durability);
        Assert.Equal(100L, b.CacheSize);
        Assert.Equal(3, b["DefaultTimeout"]);
        Assert.Throws<ArgumentException>(() => b["nope"]);
        Assert.Throws<ArgumentException>(() => b["nope"] = 1);
    }

    [Fact]
    public void Setting_null_removes()
    {
        var b = new LightningConnectionStringBuilder("Data Source=x;Default Timeout=4");
        b["Default Timeout"] = null;
        Assert.Equal(30, b.DefaultTimeout);
        Assert.Equal("Data Source=x", b.ConnectionString);
    }

    [Fact]
    public void Keys_and_values_list_every_keyword()
    {
        var b = new LightningConnectionStringBuilder("Mode=ReadWrite");
        Assert.Equal(["Data Source", "Mode", "Durability", "Cache Size", "Default Timeout"], b.Keys.Cast<string>());
        Assert.Equal(new object[] { "", LightningOpenMode.ReadWrite, Durability.Full, 0L, 30 }, b.Values.Cast<object>());
    }

    [Fact]
    public void ContainsKey_TryGetValue_ShouldSerialize_Remove()
    {
        var b = new LightningConnectionStringBuilder("Data Source=x");
        Assert.True(b.ContainsKey("filename"));
        Assert.True(b.ContainsKey("Durability"));
        Assert.False(b.ContainsKey("Bogus"));

        Assert.True(b.TryGetValue("DataSource", out object? ds));
        Assert.Equal("x", ds);
        Assert.True(b.TryGetValue("Default Timeout", out object? timeout));
        Assert.Equal(30, timeout);
        Assert.False(b.TryGetValue("Bogus", out object? none));
        Assert.Null(none);

        Assert.True(b.ShouldSerialize("Filename"));
        Assert.False(b.ShouldSerialize("Mode"));
        Assert.False(b.ShouldSerialize("Bogus"));

        Assert.False(b.Remove("Mode"));
        Assert.False(b.Remove("Bogus"));
        Assert.True(b.Remove("filename"));
        Assert.Equal("", b.DataSource);
        Assert.Equal("", b.ConnectionString);
    }

    [Fact]
    public void Clear_restores_defaults()
    {
        var b = new LightningConnectionStringBuilder("Data Source=x;Mode=ReadOnly;Default Timeout=1;Cache Size=5;Durability=None");
        b.Clear();
        Assert.Equal("", b.ConnectionString);
        Assert.Equal("", b.DataSource);
        Assert.Equal(LightningOpenMode.ReadWriteCreate, b.Mode);
        Assert.Equal(Durability.Full, b.Durability);
        Assert.Equal(0L, b.CacheSize);
        Assert.Equal(30, b.DefaultTimeout);
    }

    [Fact]
    public void Reassigning_ConnectionString_resets_previous_values()
    {
        var b = new LightningConnectionStringBuilder("Data Source=x;Mode=ReadOnly");
        b.ConnectionString = "Data Source=y";
        Assert.Equal("y", b.DataSource);
        Assert.Equal(LightningOpenMode.ReadWriteCreate, b.Mode);
    }

    [Fact]
    public void Failed_parse_keeps_previous_state()
    {
        var b = new LightningConnectionStringBuilder("Data Source=x");
        Assert.ThrowsAny<ArgumentException>(() => b.ConnectionString = "Data Source=y;Mode=bad");
        Assert.Equal("x", b.DataSource);
        Assert.Equal("Data Source=x", b.ConnectionString);
    }
}
