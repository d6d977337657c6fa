using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Expressions;

internal sealed class IsNullTest(BoundExpression operand, bool negated) : BoundExpression
{
    public override bool IsRowIndependent => operand.IsRowIndependent;
    public override SqlType? ResultType => SqlType.Integer;
    public override SqlValue Evaluate(Frame frame) => SqlValue.FromBoolean(operand.Evaluate(frame).IsNull != negated);
    public override string ToString() => $"{operand} IS {(negated ? "NOT " : "")}NULL";
}

/// <summary><c>x [NOT] IN (a, b, …)</c> with SQL's NULL rules.</summary>
internal sealed class InListTest(BoundExpression operand, BoundExpression[] items, bool negated, bool noCase) : BoundExpression
{
    public BoundExpression Operand => operand;
    public BoundExpression[] Items => items;
    public bool Negated => negated;
    public override bool IsRowIndependent => false;
    public override SqlType? ResultType => SqlType.Integer;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue value = operand.Evaluate(frame);
        if (value.IsNull) return items.Length == 0 ? SqlValue.FromBoolean(negated) : SqlValue.Null;
        bool sawNull = false;
        foreach (BoundExpression item in items)
        {
            SqlValue candidate = item.Evaluate(frame);
            if (candidate.IsNull)
            {
                sawNull = true;
                continue;
            }
            if (SqlComparer.Compare(value, candidate, noCase) == 0) return SqlValue.FromBoolean(!negated);
        }
        return sawNull ? SqlValue.Null : SqlValue.FromBoolean(negated);
    }

    public override string ToString() => $"{operand} {(negated ? "NOT " : "")}IN ({string.Join(", ", (object[])items)})";
}

/// <summary><c>x [NOT] BETWEEN low AND high</c>.</summary>
internal sealed class BetweenTest(BoundExpression operand, BoundExpression low, BoundExpression high, bool negated, bool noCase) : BoundExpression
{
    public BoundExpression Operand => operand;
    public BoundExpression Low => low;
    public BoundExpression High => high;
    public bool Negated => negated;
    public override SqlType? ResultType => SqlType.Integer;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue value = operand.Evaluate(frame);
        SqlValue lo = low.Evaluate(frame);
        SqlValue hi = high.Evaluate(frame);
        bool? aboveLow = value.IsNull || lo.IsNull ? null : SqlComparer.Compare(value, lo, noCase) >= 0;
        bool? belowHigh = value.IsNull || hi.IsNull ? null : SqlComparer.Compare(value, hi, noCase) <= 0;
        bool? result = aboveLow == false || belowHigh == false ? false : aboveLow == true && belowHigh == true ? true : null;
        if (result is null) return SqlValue.Null;
        return SqlValue.FromBoolean(result.Value != negated);
    }

    public override string ToString() => $"{operand} {(negated ? "NOT " : "")}BETWEEN {low} AND {high}";
}

/// <summary><c>x [NOT] LIKE pattern [ESCAPE e]</c>: % and _ wildcards, ASCII case-insensitive like SQLite.</summary>
internal sealed class LikeTest(BoundExpression operand, BoundExpression pattern, BoundExpression? escape, bool negated) : BoundExpression
{
    public BoundExpression Operand => operand;
    public BoundExpression Pattern => pattern;
    public BoundExpression? Escape => escape;
    public bool Negated => negated;
    public override SqlType? ResultType => SqlType.Integer;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue value = operand.Evaluate(frame);
        SqlValue p = pattern.Evaluate(frame);
        if (value.IsNull || p.IsNull) return SqlValue.Null;
        char? escapeChar = null;
        if (escape is not null)
        {
            SqlValue e = escape.Evaluate(frame);
            if (e.IsNull) return SqlValue.Null;
            string es = SqlConvert.ToText(e);
            if (es.Length != 1)
                throw new LightningSqlException(Lightning.Kv.LightningErrorCode.SqlInvalidOperation, "The ESCAPE expression must be a single character.");
            escapeChar = es[0];
        }
        // BLOB operands (the kv table's keys) match byte for byte, so a prefix pattern is exactly one key range.
        bool match = LikeMatcher.Matches(SqlConvert.ToText(value), SqlConvert.ToText(p), escapeChar, caseSensitive: value.Type == SqlType.Blob);
        return SqlValue.FromBoolean(match != negated);
    }

    public override string ToString() => $"{operand} {(negated ? "NOT " : "")}LIKE {pattern}";
}

/// <summary>Applies a column's storage class to the other side of a comparison (so <c>id = '5'</c> matches an INTEGER 5, and TEXT compared with a BLOB key is its UTF-8 bytes).</summary>
internal sealed class AffinityConversion(BoundExpression operand, SqlAffinity affinity) : BoundExpression
{
    public BoundExpression Operand => operand;
    public SqlAffinity Affinity => affinity;
    public override bool IsRowIndependent => operand.IsRowIndependent;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue value = operand.Evaluate(frame);
        return TypeAffinity.TryConvert(value, affinity, out SqlValue converted) ? converted : value;
    }

    public override string ToString() => operand.ToString();
}

internal sealed class CaseOperation(BoundExpression? operand, BoundExpression[] whens, BoundExpression[] thens, BoundExpression? otherwise) : BoundExpression
{
    public override bool IsRowIndependent => false;

    public override SqlValue Evaluate(Frame frame)
    {
        if (operand is null)
        {
            for (int i = 0; i < whens.Length; i++)
                if (whens[i].Evaluate(frame).AsBoolean == true) return thens[i].Evaluate(frame);
        }
        else
        {
            SqlValue value = operand.Evaluate(frame);
            if (!value.IsNull)
            {
                for (int i = 0; i < whens.Length; i++)
                {
                    SqlValue candidate = whens[i].Evaluate(frame);
                    if (!candidate.IsNull && SqlComparer.Compare(value, candidate) == 0) return thens[i].Evaluate(frame);
                }
            }
        }
        return otherwise?.Evaluate(frame) ?? SqlValue.Null;
    }

    public override string ToString() => "CASE … END";
}

internal sealed class CastOperation(BoundExpression operand, SqlAffinity affinity, bool numericNamed, string typeName) : BoundExpression
{
    public override bool IsRowIndependent => operand.IsRowIndependent;

    public override SqlType? ResultType => affinity switch
    {
        SqlAffinity.Integer => SqlType.Integer,
        SqlAffinity.Real => SqlType.Real,
        SqlAffinity.Text => SqlType.Text,
        SqlAffinity.Blob => SqlType.Blob,
        _ => null,
    };

    public override SqlValue Evaluate(Frame frame) => SqlConvert.Cast(operand.Evaluate(frame), affinity, numericNamed);

    public override string ToString() => $"CAST({operand} AS {typeName})";
}
