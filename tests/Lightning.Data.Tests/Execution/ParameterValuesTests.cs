using Lightning.Data.Execution;
using Lightning.Data.Storage;

namespace Lightning.Data.Tests.Execution;

/// <summary>The reused parameter set: names match with or without a prefix, and nothing survives a Clear.</summary>
public sealed class ParameterValuesTests
{
    [Fact]
    public void Prefixed_and_bare_names_match_and_a_clear_forgets_every_value()
    {
        var values = new ParameterValues();
        values.Add("@id", SqlValue.FromInteger(1));
        values.Add(":Name", SqlValue.FromText("a"));
        values.Add(null, SqlValue.FromInteger(3));
        Assert.True(values.TryGet("ID", out SqlValue id));
        Assert.Equal(1, id.Integer);
        Assert.True(values.TryGet("name", out SqlValue name));
        Assert.Equal("a", name.Text);
        Assert.True(values.TryGet(2, out SqlValue third));
        Assert.Equal(3, third.Integer);

        values.Clear();
        Assert.False(values.TryGet("id", out _));
        Assert.False(values.TryGet("name", out _));
        Assert.False(values.TryGet(0, out _));
        Assert.Equal(0, values.Count);

        values.Add("$id", SqlValue.FromInteger(7));
        Assert.True(values.TryGet("id", out id));
        Assert.Equal(7, id.Integer);
        Assert.False(values.TryGet("name", out _));
    }

    [Fact]
    public void Reusing_the_set_with_prefixed_names_allocates_nothing()
    {
        var values = new ParameterValues();
        SqlValue one = SqlValue.FromInteger(1);
        values.Add("@id", one);
        values.Clear();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            values.Add("@id", one);
            values.TryGet("id", out _);
            values.Clear();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
