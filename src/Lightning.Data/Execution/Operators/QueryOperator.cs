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

    public virtual void Close()
    {
    }

    /// <summary>Appends this operator's EXPLAIN line (indented by <paramref name="depth"/>) and its inputs' lines.</summary>
    public abstract void Explain(List<string> lines, int depth);

    protected static string Indent(int depth) => new(' ', depth * 2);
}
