using Lightning.Data.Execution.Expressions;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>The ranking window functions KV-SQL evaluates.</summary>
internal enum WindowFunctionKind { RowNumber, Rank, DenseRank }

/// <summary>One window function of a query level: what it computes, its PARTITION BY (with each term's NOCASE flag) and
/// ORDER BY, and the frame slot its value is written to (read by the select list as an ordinary column).</summary>
internal sealed record WindowSpec(WindowFunctionKind Kind, BoundExpression[] PartitionBy, bool[] PartitionNoCase, BoundExpression[] OrderBy, SortKey[] OrderKeys, int Slot)
{
    public override string ToString()
    {
        string name = Kind switch { WindowFunctionKind.RowNumber => "ROW_NUMBER", WindowFunctionKind.Rank => "RANK", _ => "DENSE_RANK" };
        var parts = new List<string>();
        if (PartitionBy.Length > 0) parts.Add("PARTITION BY " + string.Join(", ", (object[])PartitionBy));
        if (OrderBy.Length > 0)
        {
            var terms = new string[OrderBy.Length];
            for (int i = 0; i < terms.Length; i++) terms[i] = OrderBy[i] + (OrderKeys[i].Descending ? " DESC" : "");
            parts.Add("ORDER BY " + string.Join(", ", terms));
        }
        return $"{name}() OVER ({string.Join(" ", parts)}) -> #{Slot}";
    }
}

/// <summary>
/// Computes window functions: materializes its input rows (the whole FROM/WHERE result of the level), sorts a row index by
/// partition keys then order keys for each window, numbers the rows, writes the numbers into the rows' window slots and
/// replays the rows in input order (so an ORDER BY the access path already delivers stays satisfied).
/// </summary>
internal sealed class Window(QueryOperator input, WindowSpec[] windows, Frame evaluationFrame, int width) : QueryOperator
{
    private readonly List<SqlValue[]> _rows = [];
    private int _position;
    private Frame _frame = null!;
    public override SqlValue[] Row => _frame.Row;

    public override void Open(Frame frame)
    {
        _frame = frame;
        _rows.Clear();
        _position = 0;
        input.Open(frame);
        while (input.Next())
        {
            frame.Context.Tick();
            _rows.Add((SqlValue[])input.Row.Clone());
        }
        input.Close();
        foreach (WindowSpec window in windows) Number(window);
    }

    private void Number(WindowSpec window)
    {
        int partitions = window.PartitionBy.Length, orders = window.OrderBy.Length;
        var keys = new SqlValue[_rows.Count][];
        for (int r = 0; r < keys.Length; r++)
        {
            evaluationFrame.Row = _rows[r];
            var key = new SqlValue[partitions + orders];
            for (int i = 0; i < partitions; i++) key[i] = window.PartitionBy[i].Evaluate(evaluationFrame);
            for (int i = 0; i < orders; i++) key[partitions + i] = window.OrderBy[i].Evaluate(evaluationFrame);
            keys[r] = key;
        }
        var partitionKeys = new SortKey[partitions];
        for (int i = 0; i < partitions; i++) partitionKeys[i] = new SortKey(i, false, true, window.PartitionNoCase[i]);
        var orderKeys = new SortKey[orders];
        for (int i = 0; i < orders; i++) orderKeys[i] = window.OrderKeys[i] with { Column = partitions + i };
        SortKey[] allKeys = [.. partitionKeys, .. orderKeys];

        int[] order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        // Ties keep input order (a stable sort), so ROW_NUMBER over equal keys follows the access path's order.
        Array.Sort(order, (a, b) =>
        {
            int c = Sort.Compare(keys[a], keys[b], allKeys);
            return c != 0 ? c : a.CompareTo(b);
        });

        long rowNumber = 0, rank = 0, denseRank = 0;
        for (int i = 0; i < order.Length; i++)
        {
            SqlValue[] key = keys[order[i]];
            bool newPartition = i == 0 || Sort.Compare(keys[order[i - 1]], key, partitionKeys) != 0;
            if (newPartition)
            {
                rowNumber = rank = denseRank = 1;
            }
            else
            {
                rowNumber++;
                if (Sort.Compare(keys[order[i - 1]], key, orderKeys) != 0)
                {
                    rank = rowNumber;
                    denseRank++;
                }
            }
            _rows[order[i]][window.Slot] = SqlValue.FromInteger(window.Kind switch
            {
                WindowFunctionKind.RowNumber => rowNumber,
                WindowFunctionKind.Rank => rank,
                _ => denseRank,
            });
        }
    }

    public override bool Next()
    {
        if (_position >= _rows.Count) return false;
        Array.Copy(_rows[_position++], _frame.Row, width);
        return true;
    }

    public override void Close() => _rows.Clear();

    public override void Explain(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}Window {string.Join("; ", (object[])windows)}");
        input.Explain(lines, depth + 1);
    }
}
