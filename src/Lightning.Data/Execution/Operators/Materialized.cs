using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>Rows computed once and replayed: derived tables in FROM (copied into the frame at a base slot) and compound selects.</summary>
internal sealed class Materialized(QueryOperator source, Frame sourceFrame, int baseSlot, int width, string description) : QueryOperator
{
    private List<SqlValue[]>? _rows;
    private int _position;
    private long _execution = -1;
    private Frame _frame = null!;
    public override SqlValue[] Row => _frame.Row;

    public override void Open(Frame frame)
    {
        _frame = frame;
        _position = 0;
        // An uncorrelated derived table is computed once per execution; a cached plan's next execution may bind
        // other parameter values, so the rows are never reused across executions.
        if (_rows is not null && sourceFrame.Outer is null && _execution == sourceFrame.Context.ExecutionId) return;
        _execution = sourceFrame.Context.ExecutionId;
        _rows = [];
        source.Open(sourceFrame);
        while (source.Next()) _rows.Add((SqlValue[])source.Row.Clone());
        source.Close();
    }

    public override bool Next()
    {
        if (_position >= _rows!.Count) return false;
        Array.Copy(_rows[_position++], 0, _frame.Row, baseSlot, width);
        return true;
    }

    /// <summary>Dropped rows are not copied into the frame.</summary>
    public override long Skip(long count)
    {
        long skipped = Math.Min(count, _rows!.Count - _position);
        _position += (int)skipped;
        return skipped;
    }

    public override bool SkipsWithoutReading => true;

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}Materialize {description}");
        source.Explain(lines, depth + 1);
    }
}

/// <summary>UNION / UNION ALL / INTERSECT / EXCEPT of projected inputs with equal widths.</summary>
internal sealed class Compound(QueryOperator first, (Sql.Syntax.CompoundOperator Op, QueryOperator Input)[] rest, int width, Frame[] frames) : QueryOperator
{
    private readonly List<SqlValue[]> _rows = [];
    private int _position;
    private SqlValue[] _current = [];
    public override SqlValue[] Row => _current;

    public override void Open(Frame frame)
    {
        var comparer = new RowComparer(width);
        _rows.Clear();
        List<SqlValue[]> result = Drain(first, frames[0]);
        for (int i = 0; i < rest.Length; i++)
        {
            List<SqlValue[]> next = Drain(rest[i].Input, frames[i + 1]);
            switch (rest[i].Op)
            {
                case Sql.Syntax.CompoundOperator.UnionAll:
                    result.AddRange(next);
                    break;
                case Sql.Syntax.CompoundOperator.Union:
                {
                    var seen = new HashSet<SqlValue[]>(comparer);
                    var merged = new List<SqlValue[]>();
                    foreach (SqlValue[] r in result) if (seen.Add(r)) merged.Add(r);
                    foreach (SqlValue[] r in next) if (seen.Add(r)) merged.Add(r);
                    result = merged;
                    break;
                }
                case Sql.Syntax.CompoundOperator.Intersect:
                {
                    var other = new HashSet<SqlValue[]>(next, comparer);
                    var seen = new HashSet<SqlValue[]>(comparer);
                    result = result.FindAll(r => other.Contains(r) && seen.Add(r));
                    break;
                }
                default:
                {
                    var other = new HashSet<SqlValue[]>(next, comparer);
                    var seen = new HashSet<SqlValue[]>(comparer);
                    result = result.FindAll(r => !other.Contains(r) && seen.Add(r));
                    break;
                }
            }
        }
        _rows.AddRange(result);
        _position = 0;
    }

    private static List<SqlValue[]> Drain(QueryOperator input, Frame frame)
    {
        var rows = new List<SqlValue[]>();
        input.Open(frame);
        while (input.Next()) rows.Add((SqlValue[])input.Row.Clone());
        input.Close();
        return rows;
    }

    public override bool Next()
    {
        if (_position >= _rows.Count) return false;
        _current = _rows[_position++];
        return true;
    }

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}Compound");
        first.Explain(lines, depth + 1);
        foreach ((Sql.Syntax.CompoundOperator op, QueryOperator input) in rest)
        {
            lines.Add($"{Indent(depth + 1)}{op}");
            input.Explain(lines, depth + 1);
        }
    }
}
