using Lightning.Data.Execution.Expressions;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>An aggregate the query computes: COUNT(*), COUNT/SUM/AVG/MIN/MAX/TOTAL/GROUP_CONCAT([DISTINCT] x), or
/// ANY (a bare column outside GROUP BY, SQLite-style: the value from some row of the group).</summary>
internal sealed record AggregateSpec(string Function, BoundExpression? Argument, bool Distinct, BoundExpression? Separator = null)
{
    public static bool IsAggregate(string name, int argumentCount, bool star) => name switch
    {
        "COUNT" => star || argumentCount == 1,
        "SUM" or "AVG" or "TOTAL" => argumentCount == 1,
        "MIN" or "MAX" => argumentCount == 1,
        "GROUP_CONCAT" => argumentCount is 1 or 2,
        _ => false,
    };

    public override string ToString() => Argument is null ? $"{Function}(*)" : $"{Function}({(Distinct ? "DISTINCT " : "")}{Argument})";
}

/// <summary>Groups its input by the group expressions and computes the aggregates; output row = [group values…, aggregate values…].
/// Without GROUP BY it always returns one row, even for no input.</summary>
internal sealed class Aggregate(QueryOperator input, BoundExpression[] groups, AggregateSpec[] aggregates, Frame sourceFrame) : QueryOperator
{
    private readonly List<(SqlValue[] Key, Accumulator[] State)> _results = [];
    private int _position;
    private SqlValue[] _row = [];
    public override SqlValue[] Row => _row;

    public override void Open(Frame frame)
    {
        _results.Clear();
        var index = new Dictionary<SqlValue[], int>(new RowComparer(groups.Length));
        input.Open(sourceFrame);
        SqlValue[] probe = new SqlValue[groups.Length];
        while (input.Next())
        {
            sourceFrame.Context.Tick();
            for (int i = 0; i < groups.Length; i++) probe[i] = groups[i].Evaluate(sourceFrame);
            if (!index.TryGetValue(probe, out int slot))
            {
                slot = _results.Count;
                SqlValue[] key = (SqlValue[])probe.Clone();
                index[key] = slot;
                _results.Add((key, NewState()));
            }
            Accumulator[] state = _results[slot].State;
            for (int a = 0; a < aggregates.Length; a++) state[a].Add(aggregates[a], sourceFrame);
        }
        input.Close();
        if (groups.Length == 0 && _results.Count == 0) _results.Add(([], NewState()));
        _position = 0;
    }

    private Accumulator[] NewState()
    {
        var state = new Accumulator[aggregates.Length];
        for (int i = 0; i < state.Length; i++) state[i] = new Accumulator();
        return state;
    }

    public override bool Next()
    {
        if (_position >= _results.Count) return false;
        (SqlValue[] key, Accumulator[] state) = _results[_position++];
        _row = new SqlValue[groups.Length + aggregates.Length];
        key.CopyTo(_row, 0);
        for (int a = 0; a < aggregates.Length; a++) _row[groups.Length + a] = state[a].Result(aggregates[a]);
        return true;
    }

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}Aggregate{(groups.Length > 0 ? " GROUP BY " + string.Join(", ", (object[])groups) : "")}: {string.Join(", ", aggregates)}");
        input.Explain(lines, depth + 1);
    }

    private sealed class Accumulator
    {
        private long _count;
        private long _integerSum;
        private double _realSum;
        private bool _isReal, _overflow;
        private SqlValue _best;
        private bool _hasValue;
        private HashSet<SqlValue[]>? _distinct;
        private System.Text.StringBuilder? _text;

        public void Add(AggregateSpec spec, Frame frame)
        {
            if (spec.Argument is null)
            {
                _count++;
                return;
            }
            SqlValue value = spec.Argument.Evaluate(frame);
            if (spec.Function == "ANY")
            {
                _best = value;
                return;
            }
            if (value.IsNull) return;
            if (spec.Distinct && !(_distinct ??= new HashSet<SqlValue[]>(new RowComparer(1))).Add([value])) return;
            _count++;
            switch (spec.Function)
            {
                case "SUM" or "AVG" or "TOTAL":
                    SqlValue n = SqlConvert.ToNumeric(value);
                    if (n.Type == SqlType.Integer && !_isReal)
                    {
                        long next = unchecked(_integerSum + n.Integer);
                        if (((_integerSum ^ next) & (n.Integer ^ next)) < 0) _overflow = true;
                        _integerSum = next;
                    }
                    else _isReal = true;
                    _realSum += n.AsDouble;
                    break;
                case "MIN" or "MAX":
                    if (!_hasValue || (spec.Function == "MIN" ? SqlComparer.Compare(value, _best) < 0 : SqlComparer.Compare(value, _best) > 0)) _best = value;
                    _hasValue = true;
                    break;
                case "GROUP_CONCAT":
                    string separator = spec.Separator is null ? "," : SqlConvert.ToText(spec.Separator.Evaluate(frame));
                    if (_text is null) _text = new System.Text.StringBuilder();
                    else _text.Append(separator);
                    _text.Append(SqlConvert.ToText(value));
                    break;
            }
        }

        public SqlValue Result(AggregateSpec spec) => spec.Function switch
        {
            "COUNT" => SqlValue.FromInteger(_count),
            "SUM" when _count == 0 => SqlValue.Null,
            "SUM" when _overflow => throw new LightningSqlException(Lightning.Kv.LightningErrorCode.SqlTypeMismatch, "SUM: integer overflow."),
            "SUM" => _isReal ? SqlValue.FromReal(_realSum) : SqlValue.FromInteger(_integerSum),
            "TOTAL" => SqlValue.FromReal(_realSum),
            "AVG" => _count == 0 ? SqlValue.Null : SqlValue.FromReal(_realSum / _count),
            "MIN" or "MAX" => _hasValue ? _best : SqlValue.Null,
            "GROUP_CONCAT" => _text is null ? SqlValue.Null : SqlValue.FromText(_text.ToString()),
            _ => _best,
        };
    }
}
