using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>One ORDER BY key: a column of the projected row, direction, NULL placement and collation.</summary>
internal readonly record struct SortKey(int Column, bool Descending, bool NullsFirst, bool NoCase);

/// <summary>Materializes its input and returns it ordered by the sort keys (stable, so ties keep input order).</summary>
internal sealed class Sort(QueryOperator input, SortKey[] keys) : QueryOperator
{
    private readonly List<SqlValue[]> _rows = [];
    private int _position;
    private SqlValue[] _current = [];
    public override SqlValue[] Row => _current;

    public override void Open(Frame frame)
    {
        _rows.Clear();
        input.Open(frame);
        while (input.Next())
        {
            frame.Context.Tick();
            _rows.Add((SqlValue[])input.Row.Clone());
        }
        input.Close();
        SqlValue[][] array = [.. _rows];
        int[] order = new int[array.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = Compare(array[a], array[b], keys);
            return c != 0 ? c : a.CompareTo(b);
        });
        _rows.Clear();
        foreach (int i in order) _rows.Add(array[i]);
        _position = 0;
    }

    public static int Compare(SqlValue[] x, SqlValue[] y, SortKey[] keys)
    {
        foreach (SortKey key in keys)
        {
            SqlValue a = x[key.Column], b = y[key.Column];
            int c;
            if (a.IsNull || b.IsNull)
            {
                if (a.IsNull && b.IsNull) continue;
                // NULLs sort first ascending and last descending unless NULLS FIRST/LAST says otherwise.
                c = a.IsNull ? (key.NullsFirst ? -1 : 1) : (key.NullsFirst ? 1 : -1);
                return c;
            }
            c = SqlComparer.Compare(a, b, key.NoCase);
            if (c != 0) return key.Descending ? -c : c;
        }
        return 0;
    }

    public override bool Next()
    {
        if (_position >= _rows.Count) return false;
        _current = _rows[_position++];
        return true;
    }

    public override void Explain(List<string> lines, int depth)
    {
        var parts = new List<string>();
        foreach (SortKey k in keys) parts.Add($"#{k.Column}{(k.Descending ? " DESC" : "")}");
        lines.Add($"{Indent(depth)}Sort {string.Join(", ", parts)}");
        input.Explain(lines, depth + 1);
    }
}

/// <summary>Drops rows whose first <c>width</c> columns equal an earlier row's (SELECT DISTINCT, UNION).</summary>
internal sealed class Distinct(QueryOperator input, int width) : QueryOperator
{
    private readonly HashSet<SqlValue[]> _seen = new(new RowComparer(width));
    public override SqlValue[] Row => input.Row;

    public override void Open(Frame frame)
    {
        _seen.Clear();
        input.Open(frame);
    }

    public override bool Next()
    {
        while (input.Next())
            if (_seen.Add((SqlValue[])input.Row.Clone())) return true;
        return false;
    }

    public override void Close() => input.Close();

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}Distinct");
        input.Explain(lines, depth + 1);
    }
}

/// <summary>Row equality for DISTINCT/GROUP BY/UNION: NULLs equal each other, numbers compare numerically.</summary>
internal sealed class RowComparer(int width) : IEqualityComparer<SqlValue[]>
{
    public bool Equals(SqlValue[]? x, SqlValue[]? y)
    {
        for (int i = 0; i < width; i++)
        {
            SqlValue a = x![i], b = y![i];
            if (a.IsNull != b.IsNull) return false;
            if (!a.IsNull && SqlComparer.Compare(a, b) != 0) return false;
        }
        return true;
    }

    public int GetHashCode(SqlValue[] row)
    {
        var hash = new HashCode();
        for (int i = 0; i < width; i++)
        {
            SqlValue v = row[i];
            switch (v.Type)
            {
                case SqlType.Integer: hash.Add((double)v.Integer); break;
                case SqlType.Real: hash.Add(v.Real); break;
                case SqlType.Text: hash.Add(v.Text, StringComparer.Ordinal); break;
                case SqlType.Blob: hash.AddBytes(v.Blob); break;
                default: hash.Add(0); break;
            }
        }
        return hash.ToHashCode();
    }
}
