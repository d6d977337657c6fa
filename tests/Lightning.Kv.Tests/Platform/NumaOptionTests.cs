namespace Lightning.Kv.Tests.Platform;

/// <summary><see cref="LightningDbOptions.NumaAware"/> reaches the placement and is reported in the metrics.</summary>
public sealed class NumaOptionTests
{
    [Fact]
    public void Turning_numa_awareness_off_pins_nothing_and_says_so()
    {
        using var dir = new TestDirectory();
        LightningDbOptions options = TestDirectory.SmallOptions();
        options.NumaAware = false;
        using LightningDb db = LightningDb.Open(dir.Path, options);
        db.Put("k"u8, "v"u8);
        NumaMetrics numa = db.GetMetrics().Numa;
        Assert.False(numa.PinningActive);
        Assert.Equal(0, numa.PinnedThreads);
        Assert.Contains("off", numa.Status);
    }

    [Fact]
    public void It_is_on_by_default()
    {
        Assert.True(new LightningDbOptions().NumaAware);
    }
}
