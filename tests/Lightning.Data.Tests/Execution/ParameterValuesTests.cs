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

    [Fact]
    public void A_later_value_for_the_same_name_wins_with_or_without_a_prefix()
    {
        var values = new ParameterValues();
        values.Add("@id", SqlValue.FromInteger(1));
        values.Add("ID", SqlValue.FromInteger(2));
        Assert.True(values.TryGet("id", out SqlValue id));
        Assert.Equal(2, id.Integer);
        Assert.Equal(2, values.Count); // both stay positional
    }

    [Fact]
    public void A_stale_hint_falls_back_to_the_name()
    {
        var values = new ParameterValues();
        values.Add("@a", SqlValue.FromInteger(1));
        values.Add("@b", SqlValue.FromInteger(2));
        int hint = -1;
        Assert.True(values.TryGet("b", ref hint, out SqlValue b));
        Assert.Equal(2, b.Integer);
        Assert.Equal(1, hint);

        // The next execution passes the parameters in the other order: the hint points at "a" now.
        values.Clear();
        values.Add("@b", SqlValue.FromInteger(20));
        values.Add("@a", SqlValue.FromInteger(10));
        Assert.True(values.TryGet("b", ref hint, out b));
        Assert.Equal(20, b.Integer);
        Assert.Equal(0, hint);
        values.Clear();
        Assert.False(values.TryGet("b", ref hint, out _));
    }

    [Fact]
    public void Many_names_are_found_through_the_map_and_forgotten_by_clear()
    {
        var values = new ParameterValues();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 40; i++) values.Add((i % 3) switch { 0 => "@p", 1 => ":p", _ => "$p" } + i, SqlValue.FromInteger(i * 10 + round));
            values.Add("@P7", SqlValue.FromInteger(-1)); // a duplicate after the map exists
            for (int i = 0; i < 40; i++)
            {
                Assert.True(values.TryGet("p" + i, out SqlValue value));
                Assert.Equal(i == 7 ? -1 : i * 10 + round, value.Integer);
            }
            Assert.False(values.TryGet("p40", out _));
            Assert.Equal(41, values.Count);
            values.Clear();
            Assert.False(values.TryGet("p3", out _));
        }
    }
}
