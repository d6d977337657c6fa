using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>
/// A pull-based operator: <see cref="Open"/> (re)starts it for the current values of its frame, <see cref="Next"/> produces
/// rows one at a time into <see cref="Row"/>. Operators compose into the plan tree EXPLAIN prints.
/// </summary>
internal abstract class QueryOperator
{
    public abstract SqlValue[] Row { get; }

    public abstract void Open(Frame frame);

    public abstract bool Next();

    /// <summary>
    /// Passes over up to <paramref name="count"/> rows the caller drops (OFFSET) and returns how many there were: fewer
    /// only when the input ends. This default produces each row; an operator whose dropped rows need no column values
    /// (a projection, a scan with nothing filtering above it) overrides it to pass over rows without reading them.
    /// </summary>
    public virtual long Skip(long count)
    {
        long skipped = 0;
        while (skipped < count && Next()) skipped++;
        return skipped;
    }

    /// <summary>Whether <see cref="Skip"/> passes over rows without producing them (EXPLAIN shows it on <c>Limit</c>).</summary>
    public virtual bool SkipsWithoutReading => false;

    public virtual void Close()
    {
    }

    /// <summary>Appends this operator's EXPLAIN line (indented by <paramref name="depth"/>) and its inputs' lines.</summary>
    public abstract void Explain(List<string> lines, int depth);

    protected static string Indent(int depth) => new(' ', depth * 2);
}
