using System.Globalization;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Expressions;

/// <summary>A scalar function call: COALESCE IFNULL NULLIF ABS ROUND LENGTH LOWER UPPER TRIM LTRIM RTRIM SUBSTR REPLACE INSTR
/// LAST_INSERT_ROWID CHANGES TYPEOF HEX MAX/MIN (scalar, 2+ arguments).</summary>
internal sealed class FunctionCall(string name, BoundExpression[] arguments) : BoundExpression
{
    /// <summary>The functions this class evaluates, with their allowed argument counts.</summary>
    public static bool IsKnown(string name, int count) => name switch
    {
        "COALESCE" => count >= 2,
        "IFNULL" or "NULLIF" or "INSTR" => count == 2,
        "ABS" or "LENGTH" or "LOWER" or "UPPER" or "TYPEOF" or "HEX" => count == 1,
        "ROUND" or "TRIM" or "LTRIM" or "RTRIM" => count is 1 or 2,
        "SUBSTR" or "SUBSTRING" => count is 2 or 3,
        "REPLACE" => count == 3,
        "LAST_INSERT_ROWID" or "CHANGES" => count == 0,
        "MAX" or "MIN" => count >= 2,
        _ => false,
    };

    public override bool IsRowIndependent
    {
        get
        {
            if (name is "LAST_INSERT_ROWID" or "CHANGES") return false;
            foreach (BoundExpression a in arguments)
                if (!a.IsRowIndependent) return false;
            return true;
        }
    }

    public override SqlType? ResultType => name switch
    {
        "LENGTH" or "INSTR" or "LAST_INSERT_ROWID" or "CHANGES" => SqlType.Integer,
        "LOWER" or "UPPER" or "TRIM" or "LTRIM" or "RTRIM" or "REPLACE" or "TYPEOF" or "HEX" => SqlType.Text,
        _ => null,
    };

    public override SqlValue Evaluate(Frame frame)
    {
        switch (name)
        {
            case "COALESCE" or "IFNULL":
                foreach (BoundExpression argument in arguments)
                {
                    SqlValue v = argument.Evaluate(frame);
                    if (!v.IsNull) return v;
                }
                return SqlValue.Null;
            case "NULLIF":
            {
                SqlValue a = arguments[0].Evaluate(frame), b = arguments[1].Evaluate(frame);
                return !a.IsNull && !b.IsNull && SqlComparer.Compare(a, b) == 0 ? SqlValue.Null : a;
            }
            case "LAST_INSERT_ROWID":
                return SqlValue.FromInteger(frame.Context.Session.LastInsertRowId);
            case "CHANGES":
                return SqlValue.FromInteger(frame.Context.Session.LastChanges);
            case "MAX" or "MIN":
            {
                SqlValue best = arguments[0].Evaluate(frame);
                if (best.IsNull) return best;
                for (int i = 1; i < arguments.Length; i++)
                {
                    SqlValue v = arguments[i].Evaluate(frame);
                    if (v.IsNull) return v;
                    int c = SqlComparer.Compare(v, best);
                    if (name == "MAX" ? c > 0 : c < 0) best = v;
                }
                return best;
            }
        }
        SqlValue x = arguments[0].Evaluate(frame);
        if (name == "TYPEOF") return SqlValue.FromText(x.Type.ToString().ToLowerInvariant());
        if (x.IsNull) return x;
        switch (name)
        {
            case "ABS":
            {
                SqlValue n = SqlConvert.ToNumeric(x);
                if (n.Type == SqlType.Real) return SqlValue.FromReal(Math.Abs(n.Real));
                if (n.Integer == long.MinValue) throw new LightningSqlException(LightningErrorCode.SqlTypeMismatch, "ABS: integer overflow.");
                return SqlValue.FromInteger(Math.Abs(n.Integer));
            }
            case "ROUND":
            {
                int digits = arguments.Length > 1 ? (int)Math.Clamp(Arithmetic.ToInteger(arguments[1].Evaluate(frame)), 0, 15) : 0;
                SqlValue n = SqlConvert.ToNumeric(x);
                return SqlValue.FromReal(Math.Round(n.AsDouble, digits, MidpointRounding.AwayFromZero));
            }
            case "LENGTH":
                return SqlValue.FromInteger(x.Type switch
                {
                    SqlType.Blob => x.Blob.Length,
                    SqlType.Text => CountCodePoints(x.Text),
                    _ => SqlConvert.ToText(x).Length,
                });
            case "LOWER":
                return SqlValue.FromText(SqlConvert.ToText(x).ToLowerInvariant());
            case "UPPER":
                return SqlValue.FromText(SqlConvert.ToText(x).ToUpperInvariant());
            case "HEX":
                return SqlValue.FromText(Convert.ToHexString(x.Type == SqlType.Blob ? x.Blob : System.Text.Encoding.UTF8.GetBytes(SqlConvert.ToText(x))));
            case "TRIM" or "LTRIM" or "RTRIM":
            {
                string text = SqlConvert.ToText(x);
                char[]? chars = null;
                if (arguments.Length > 1)
                {
                    SqlValue set = arguments[1].Evaluate(frame);
                    if (set.IsNull) return SqlValue.Null;
                    chars = SqlConvert.ToText(set).ToCharArray();
                }
                chars ??= [' '];
                return SqlValue.FromText(name == "TRIM" ? text.Trim(chars) : name == "LTRIM" ? text.TrimStart(chars) : text.TrimEnd(chars));
            }
            case "SUBSTR" or "SUBSTRING":
                return Substring(x, arguments[1].Evaluate(frame), arguments.Length > 2 ? arguments[2].Evaluate(frame) : (SqlValue?)null);
            case "REPLACE":
            {
                SqlValue find = arguments[1].Evaluate(frame), with = arguments[2].Evaluate(frame);
                if (find.IsNull || with.IsNull) return SqlValue.Null;
                string f = SqlConvert.ToText(find);
                string text = SqlConvert.ToText(x);
                return SqlValue.FromText(f.Length == 0 ? text : text.Replace(f, SqlConvert.ToText(with), StringComparison.Ordinal));
            }
            case "INSTR":
            {
                SqlValue find = arguments[1].Evaluate(frame);
                if (find.IsNull) return SqlValue.Null;
                if (x.Type == SqlType.Blob && find.Type == SqlType.Blob) return SqlValue.FromInteger(x.Blob.AsSpan().IndexOf(find.Blob) + 1);
                string text = SqlConvert.ToText(x);
                int index = text.IndexOf(SqlConvert.ToText(find), StringComparison.Ordinal);
                return SqlValue.FromInteger(index < 0 ? 0 : CountCodePoints(text[..index]) + 1);
            }
            default:
                throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"Unknown function {name}.");
        }
    }

    private static int CountCodePoints(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
            if (!char.IsLowSurrogate(text[i])) count++;
        return count;
    }

    /// <summary>SQLite's substr: 1-based start, negative start counts from the end, negative length takes characters before start.</summary>
    private static SqlValue Substring(in SqlValue value, in SqlValue startValue, SqlValue? lengthValue)
    {
        if (startValue.IsNull || lengthValue is { IsNull: true }) return SqlValue.Null;
        long start = Arithmetic.ToInteger(startValue);
        bool isBlob = value.Type == SqlType.Blob;
        int total = isBlob ? value.Blob.Length : SqlConvert.ToText(value).Length;
        long length = lengthValue is null ? long.MaxValue / 4 : Arithmetic.ToInteger(lengthValue.Value);
        long from = start > 0 ? start - 1 : start < 0 ? total + start : -1;
        if (start == 0 && length > 0) length--;
        if (length < 0)
        {
            from += length;
            length = -length;
        }
        long to = Math.Min(total, from + length);
        from = Math.Max(0, from);
        if (to <= from) return isBlob ? SqlValue.FromBlob([]) : SqlValue.FromText("");
        return isBlob
            ? SqlValue.FromBlob(value.Blob.AsSpan((int)from, (int)(to - from)).ToArray())
            : SqlValue.FromText(SqlConvert.ToText(value).Substring((int)from, (int)(to - from)));
    }

    public override string ToString() => $"{name}({string.Join(", ", (object[])arguments)})";
}
