using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Expressions;

/// <summary>An expression bound to slots and parameters, ready to evaluate against a <see cref="Frame"/>.</summary>
internal abstract class BoundExpression
{
    /// <summary>The storage class the result always has, when known statically (drives GetFieldType for computed columns).</summary>
    public virtual SqlType? ResultType => null;

    /// <summary>True when the value cannot change between rows of one execution (literals, parameters, and expressions of them).</summary>
    public virtual bool IsRowIndependent => false;

    public abstract SqlValue Evaluate(Frame frame);

    /// <summary>A short SQL-like rendering for EXPLAIN.</summary>
    public abstract override string ToString();
}

/// <summary>A literal.</summary>
internal sealed class ConstantExpression(SqlValue value) : BoundExpression
{
    public SqlValue Value { get; } = value;
    public override SqlType? ResultType => Value.IsNull ? null : Value.Type;
    public override bool IsRowIndependent => true;
    public override SqlValue Evaluate(Frame frame) => Value;
    public override string ToString() => Value.ToString();
}

/// <summary>A parameter, looked up per execution; a missing one fails with a message naming it.</summary>
internal sealed class ParameterReference(string? name, int position, int line, int column) : BoundExpression
{
    // Where the name was found last time: commands usually pass their parameters in the same order every execution.
    private int _nameHint = -1;

    public override bool IsRowIndependent => true;

    public override SqlValue Evaluate(Frame frame)
    {
        ParameterValues values = frame.Context.Parameters;
        if (name is not null ? values.TryGet(name, ref _nameHint, out SqlValue value) : values.TryGet(position, out value)) return value;
        throw new LightningSqlException(Lightning.Kv.LightningErrorCode.SqlMissingParameter,
            name is not null ? $"Parameter '@{name}' was used but not supplied; add it to the command's Parameters."
                             : $"Positional parameter {position + 1} ('?') was used but only {values.Count} parameter(s) were supplied.",
            line, column);
    }

    public override string ToString() => name is null ? "?" : "@" + name;
}

/// <summary>A column of the current frame's row.</summary>
internal sealed class SlotReference(int slot, string name, SqlType? type) : BoundExpression
{
    public int Slot { get; } = slot;
    public override SqlType? ResultType => type;
    public override SqlValue Evaluate(Frame frame) => frame.Row[Slot];
    public override string ToString() => name;
}

/// <summary>A column of an enclosing query's row (correlated subquery).</summary>
internal sealed class OuterSlotReference(int levelsUp, int slot, string name) : BoundExpression
{
    public override SqlValue Evaluate(Frame frame)
    {
        Frame target = frame;
        for (int i = 0; i < levelsUp; i++) target = target.Outer!;
        return target.Row[slot];
    }

    public override string ToString() => name;
}
