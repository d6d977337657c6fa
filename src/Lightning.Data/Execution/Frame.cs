using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>
/// The row an expression reads: one query level's column slots (all tables of its FROM clause side by side, or an
/// aggregate's output), plus the enclosing level's frame for correlated subqueries.
/// </summary>
internal sealed class Frame
{
    public Frame(int width, Frame? outer, StatementContext context)
    {
        Row = width == 0 ? [] : new SqlValue[width];
        Outer = outer;
        Context = context;
    }

    /// <summary>The current row; operators overwrite it in place or point it at their own buffer.</summary>
    public SqlValue[] Row;

    private Frame? _outer;

    /// <summary>The enclosing level's frame (null at the top level).</summary>
    public Frame? Outer
    {
        get => _outer ?? SharesOuterWith?.Outer;
        set => _outer = value;
    }

    /// <summary>For an aggregate's output frame: the source frame whose enclosing frame it shares.</summary>
    public Frame? SharesOuterWith { get; init; }

    public StatementContext Context { get; }
}
