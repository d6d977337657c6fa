using Lightning.Data.Execution.Expressions;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>Produces exactly one empty row: the source of <c>SELECT expr</c> without FROM.</summary>
internal sealed class SingleRow : QueryOperator
{
    private Frame _frame = null!;
    private bool _done;
    public override SqlValue[] Row => _frame.Row;

    public override void Open(Frame frame)
    {
        _frame = frame;
        _done = false;
    }

    public override bool Next()
    {
        if (_done) return false;
        _done = true;
        return true;
    }

    public override void Explain(List<string> lines, int depth) => lines.Add($"{Indent(depth)}SingleRow");
}

/// <summary>Passes on the rows for which the predicate is true (not false, not NULL).</summary>
/// <remarks>When <paramref name="evaluationFrame"/> is given (HAVING), the predicate reads the input's own rows through it.</remarks>
internal sealed class Filter(QueryOperator input, BoundExpression predicate, Frame? evaluationFrame = null) : QueryOperator
{
    private Frame _frame = null!;
    public override SqlValue[] Row => input.Row;

    public override void Open(Frame frame)
    {
        _frame = evaluationFrame ?? frame;
        input.Open(frame);
    }

    public override bool Next()
    {
        while (input.Next())
        {
            _frame.Context.Tick();
            if (evaluationFrame is not null) evaluationFrame.Row = input.Row;
            if (predicate.Evaluate(_frame).AsBoolean == true) return true;
        }
        return false;
    }

    public override void Close() => input.Close();

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}Filter {predicate}");
        input.Explain(lines, depth + 1);
    }
}

/// <summary>Nested-loop join: for each outer row, re-opens the inner access (whose key ranges may use the outer row's
/// columns, making it an index-nested-loop join) and emits matches; LEFT joins emit an all-NULL inner row when none match.</summary>
internal sealed class NestedLoopJoin(QueryOperator outer, QueryOperator inner, BoundExpression? condition, bool left, Action<SqlValue[]> setInnerNull) : QueryOperator
{
    private Frame _frame = null!;
    private bool _innerOpen, _matched;
    public override SqlValue[] Row => _frame.Row;

    public override void Open(Frame frame)
    {
        _frame = frame;
        outer.Open(frame);
        _innerOpen = false;
    }

    public override bool Next()
    {
        while (true)
        {
            if (!_innerOpen)
            {
                if (!outer.Next()) return false;
                inner.Open(_frame);
                _innerOpen = true;
                _matched = false;
            }
            while (inner.Next())
            {
                if (condition is null || condition.Evaluate(_frame).AsBoolean == true)
                {
                    _matched = true;
                    return true;
                }
            }
            inner.Close();
            _innerOpen = false;
            if (left && !_matched)
            {
                setInnerNull(_frame.Row);
                return true;
            }
        }
    }

    public override void Close()
    {
        inner.Close();
        outer.Close();
    }

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}NestedLoopJoin{(left ? " LEFT" : "")}{(condition is null ? "" : " ON " + condition)}");
        outer.Explain(lines, depth + 1);
        inner.Explain(lines, depth + 1);
    }
}

/// <summary>Computes output columns (the visible ones, then hidden sort keys) into a reused buffer.</summary>
internal sealed class Project(QueryOperator input, BoundExpression[] expressions, Frame evaluationFrame) : QueryOperator
{
    private readonly SqlValue[] _output = new SqlValue[expressions.Length];
    public override SqlValue[] Row => _output;

    public override void Open(Frame frame) => input.Open(frame);

    public override bool Next()
    {
        if (!input.Next()) return false;
        evaluationFrame.Row = input.Row;
        for (int i = 0; i < expressions.Length; i++) _output[i] = expressions[i].Evaluate(evaluationFrame);
        return true;
    }

    /// <summary>Dropped rows are not computed (SQLite does not evaluate result columns for OFFSET rows either).</summary>
    public override long Skip(long count) => input.Skip(count);

    public override bool SkipsWithoutReading => input.SkipsWithoutReading;

    public override void Close() => input.Close();

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}Project {string.Join(", ", (object[])expressions)}");
        input.Explain(lines, depth + 1);
    }
}

/// <summary>Skips <c>OFFSET</c> rows, then stops after <c>LIMIT</c> rows (negative LIMIT = no limit, like SQLite).</summary>
internal sealed class Limit(QueryOperator input, BoundExpression? limit, BoundExpression? offset) : QueryOperator
{
    private long _remaining, _skip;
    public override SqlValue[] Row => input.Row;

    public override void Open(Frame frame)
    {
        _remaining = limit is null ? long.MaxValue : ToCount(limit.Evaluate(frame), "LIMIT");
        if (_remaining < 0) _remaining = long.MaxValue;
        _skip = offset is null ? 0 : Math.Max(0, ToCount(offset.Evaluate(frame), "OFFSET"));
        input.Open(frame);
    }

    private static long ToCount(in SqlValue value, string clause)
    {
        if (value.Type == SqlType.Integer) return value.Integer;
        if (TypeAffinity.TryConvert(value, SqlAffinity.Integer, out SqlValue converted) && converted.Type == SqlType.Integer) return converted.Integer;
        throw new LightningSqlException(Lightning.Kv.LightningErrorCode.SqlTypeMismatch, $"{clause} needs an integer, got {value}.");
    }

    public override bool Next()
    {
        if (_skip > 0)
        {
            // Handed down in one call: a projection or a scan below passes over the rows without reading them.
            long wanted = _skip;
            _skip = 0;
            if (input.Skip(wanted) < wanted) _remaining = 0;
        }
        if (_remaining <= 0) return false;
        if (!input.Next()) return false;
        _remaining--;
        return true;
    }

    public override void Close() => input.Close();

    public override void Explain(List<string> lines, int depth)
    {
        string skipping = offset is not null && input.SkipsWithoutReading ? " (skipped rows not read)" : "";
        lines.Add($"{Indent(depth)}Limit {(limit?.ToString() ?? "ALL")}{(offset is null ? "" : " OFFSET " + offset)}{skipping}");
        input.Explain(lines, depth + 1);
    }
}
