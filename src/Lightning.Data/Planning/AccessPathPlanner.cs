using Lightning.Data.Catalog;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Planning;

/// <summary>An ORDER BY term on a plain column of the driving table, for deciding whether key order already satisfies it.</summary>
internal readonly record struct OrderColumn(int Column, bool Descending, NullsOrder Nulls);

/// <summary>
/// Chooses how to read one table: point get (equality on the whole primary key), key-range scans (equality on a key
/// prefix, then a range, IN list or prefix LIKE), an index range scan plus lookups (the same on an index's leading
/// columns), or a full scan — preferring the path that also delivers the requested ORDER BY.
/// </summary>
internal sealed class AccessPathPlanner(ExpressionBinder binder, ScopeTable table, Func<Expression, bool> isAvailable)
{
    private enum SargKind { Equal, In, Low, High, Between, Like }

    private sealed record Sarg(int Column, SargKind Kind, Expression Conjunct, Expression[] Values, bool Inclusive, bool HighInclusive = true);

    private sealed record Candidate(int Score, bool OrderSatisfied, bool Reverse, Func<QueryOperator> Build, List<Expression> Consumed);

    /// <summary>Builds the access operator. <paramref name="consumed"/> receives conjuncts the key ranges apply exactly (no filter needed).</summary>
    public QueryOperator Choose(List<Expression> conjuncts, OrderColumn[]? order, bool preferOrder, out bool orderSatisfied, List<Expression> consumed)
    {
        TableSchema schema = table.Schema!;
        TableLayout layout = table.Layout!;
        List<Sarg> sargs = FindSargs(conjuncts);

        var candidates = new List<Candidate>();
        int[] keyOrdinals = layout.KeyOrdinals;
        if (!schema.HasHiddenRowId)
            candidates.Add(Evaluate(keyOrdinals, schema.KeyDescending, [], sargs, order, index: null));
        foreach (IndexSchema index in schema.Indexes)
        {
            int[] columns = new int[index.Columns.Length];
            for (int i = 0; i < columns.Length; i++) columns[i] = schema.IndexOf(index.Columns[i]);
            candidates.Add(Evaluate(columns, index.Descending, index.Unique ? [] : keyOrdinals, sargs, order, index));
        }
        Candidate? best = null;
        foreach (Candidate c in candidates)
        {
            if (c.Score == 0 && !(preferOrder && c.OrderSatisfied)) continue;
            if (best is null || c.Score > best.Score || (c.Score == best.Score && c.OrderSatisfied && !best.OrderSatisfied)) best = c;
        }
        if (best is null)
        {
            // No usable predicate: a full scan in key order, which still satisfies ORDER BY the primary key.
            bool reverse = false;
            orderSatisfied = !schema.HasHiddenRowId && order is not null && OrderMatches(keyOrdinals, schema.KeyDescending, [], order, out reverse);
            return new TableAccess(layout, AccessKind.FullScan, [], orderSatisfied && reverse);
        }
        orderSatisfied = best.OrderSatisfied;
        consumed.AddRange(best.Consumed);
        return best.Build();
    }

    private Candidate Evaluate(int[] columns, bool[] descending, int[] trailingKey, List<Sarg> sargs, OrderColumn[]? order, IndexSchema? index)
    {
        var equalityChoices = new List<Expression[]>();
        var consumed = new List<Expression>();
        var fixedColumns = new HashSet<int>();
        long combinations = 1;
        int position = 0;
        for (; position < columns.Length; position++)
        {
            Sarg? eq = sargs.Find(s => s.Column == columns[position] && s.Kind == SargKind.Equal);
            Sarg? @in = eq is null ? sargs.Find(s => s.Column == columns[position] && s.Kind == SargKind.In) : null;
            Sarg? chosen = eq ?? @in;
            if (chosen is null || combinations * chosen.Values.Length > 256) break;
            combinations *= chosen.Values.Length;
            equalityChoices.Add(chosen.Values);
            // Untyped columns may hold 5 and 5.0 under different keys: leave their equality to the filter too.
            if (table.Affinities[columns[position]] != Storage.SqlAffinity.Any) consumed.Add(chosen.Conjunct);
            if (eq is not null) fixedColumns.Add(columns[position]);
        }
        Expression? low = null, high = null, like = null;
        bool lowInclusive = false, highInclusive = false;
        if (position < columns.Length)
        {
            foreach (Sarg s in sargs)
            {
                if (s.Column != columns[position]) continue;
                switch (s.Kind)
                {
                    case SargKind.Low when low is null: low = s.Values[0]; lowInclusive = s.Inclusive; break;
                    case SargKind.High when high is null: high = s.Values[0]; highInclusive = s.Inclusive; break;
                    case SargKind.Between when low is null && high is null:
                        low = s.Values[0]; high = s.Values[1]; lowInclusive = highInclusive = true; break;
                    case SargKind.Like when like is null && low is null: like = s.Values[0]; break;
                }
            }
        }
        bool hasRange = low is not null || high is not null || like is not null;
        bool point = index is null && position == columns.Length;
        int score = position * 4 + (hasRange ? 2 : 0) + (point ? 100 : 0) + (index is not null && index.Unique && position == columns.Length ? 50 : 0);
        if (index is not null && score > 0) score -= 1; // lookups cost: prefer the primary key on ties
        int[] fullKey = [.. columns, .. trailingKey];
        bool[] fullDescending = [.. descending, .. TrailingDescending(trailingKey.Length)];
        bool reverse = false;
        bool orderSatisfied = order is not null && OrderMatches(fullKey, fullDescending, fixedColumns, order, out reverse);
        List<Expression[]> equalitySets = Product(equalityChoices);
        Func<QueryOperator> build = () =>
        {
            var ranges = new KeyRange[equalitySets.Count];
            for (int r = 0; r < ranges.Length; r++)
            {
                var equalities = new BoundExpression[equalitySets[r].Length];
                for (int i = 0; i < equalities.Length; i++) equalities[i] = binder.Bind(equalitySets[r][i]);
                ranges[r] = new KeyRange
                {
                    Equalities = equalities,
                    Low = low is null ? null : binder.Bind(low),
                    LowInclusive = lowInclusive,
                    High = high is null ? null : binder.Bind(high),
                    HighInclusive = highInclusive,
                    LikePattern = like is null ? null : binder.Bind(like),
                };
            }
            if (index is not null) return new IndexRangeScan(table.Layout!, index, ranges, orderSatisfied && reverse);
            return new TableAccess(table.Layout!, point ? AccessKind.PointGet : AccessKind.KeyRangeScan, ranges, orderSatisfied && reverse);
        };
        return new Candidate(score, orderSatisfied, reverse, build, consumed);
    }

    private bool[] TrailingDescending(int count)
    {
        bool[] result = new bool[count];
        if (count > 0) Array.Copy(table.Schema!.KeyDescending, result, count);
        return result;
    }

    private static List<Expression[]> Product(List<Expression[]> choices)
    {
        var result = new List<Expression[]> { Array.Empty<Expression>() };
        foreach (Expression[] options in choices)
        {
            var next = new List<Expression[]>(result.Count * options.Length);
            foreach (Expression[] prefix in result)
                foreach (Expression option in options)
                    next.Add([.. prefix, option]);
            result = next;
        }
        return result;
    }

    /// <summary>True when reading the key (forward, or reversed when <paramref name="reverse"/>) yields the ORDER BY order.</summary>
    private static bool OrderMatches(int[] key, bool[] keyDescending, HashSet<int> fixedColumns, OrderColumn[] order, out bool reverse)
    {
        reverse = false;
        bool? direction = null;
        int k = 0;
        foreach (OrderColumn term in order)
        {
            if (fixedColumns.Contains(term.Column)) continue;
            while (k < key.Length && fixedColumns.Contains(key[k])) k++;
            if (k >= key.Length || key[k] != term.Column) return false;
            bool flip = term.Descending != keyDescending[k];
            if (direction is not null && direction != flip) return false;
            direction = flip;
            // Key order puts NULL first for ascending SQL order; an explicit opposite NULLS clause needs a sort.
            bool nullsFirst = !term.Descending;
            if (term.Nulls == NullsOrder.First && !nullsFirst || term.Nulls == NullsOrder.Last && nullsFirst) return false;
            k++;
        }
        reverse = direction ?? false;
        return true;
    }

    private List<Sarg> FindSargs(List<Expression> conjuncts)
    {
        var sargs = new List<Sarg>();
        foreach (Expression conjunct in conjuncts)
        {
            switch (conjunct)
            {
                case BinaryExpression { Operator: BinaryOperator.Equal or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual } b:
                {
                    if (ColumnOf(b.Left) is int lc && isAvailable(b.Right)) sargs.Add(Comparison(lc, b.Operator, b.Right, conjunct));
                    else if (ColumnOf(b.Right) is int rc && isAvailable(b.Left)) sargs.Add(Comparison(rc, Flip(b.Operator), b.Left, conjunct));
                    break;
                }
                case InListExpression { Negated: false } inList when ColumnOf(inList.Operand) is int ic && inList.Items.Count > 0 && AllAvailable(inList.Items):
                    sargs.Add(new Sarg(ic, SargKind.In, conjunct, [.. inList.Items], true));
                    break;
                case BetweenExpression { Negated: false } between when ColumnOf(between.Operand) is int bc && isAvailable(between.Low) && isAvailable(between.High):
                    sargs.Add(new Sarg(bc, SargKind.Between, conjunct, [between.Low, between.High], true));
                    break;
                case LikeExpression { Negated: false, Escape: null } like when ColumnOf(like.Operand) is int lk && isAvailable(like.Pattern)
                    && table.Affinities[lk] is Storage.SqlAffinity.Text or Storage.SqlAffinity.Blob:
                    sargs.Add(new Sarg(lk, SargKind.Like, conjunct, [like.Pattern], true));
                    break;
            }
        }
        return sargs;
    }

    private bool AllAvailable(IReadOnlyList<Expression> items)
    {
        foreach (Expression item in items)
            if (!isAvailable(item)) return false;
        return true;
    }

    private static Sarg Comparison(int column, BinaryOperator op, Expression value, Expression conjunct) => op switch
    {
        BinaryOperator.Equal => new Sarg(column, SargKind.Equal, conjunct, [value], true),
        BinaryOperator.Greater => new Sarg(column, SargKind.Low, conjunct, [value], false),
        BinaryOperator.GreaterOrEqual => new Sarg(column, SargKind.Low, conjunct, [value], true),
        BinaryOperator.Less => new Sarg(column, SargKind.High, conjunct, [value], false),
        _ => new Sarg(column, SargKind.High, conjunct, [value], true),
    };

    private static BinaryOperator Flip(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };

    /// <summary>The column ordinal when <paramref name="expression"/> is a plain, binary-collated column of this table.</summary>
    private int? ColumnOf(Expression expression)
    {
        if (expression is not ColumnExpression column) return null;
        (ScopeTable Table, int Column)? found = binder.Scope.Resolve(column.Table, column.Column, column.SourceLine, column.SourceColumn);
        if (found is not { } f || !ReferenceEquals(f.Table, table) || table.NoCase[f.Column]) return null;
        return f.Column;
    }
}
