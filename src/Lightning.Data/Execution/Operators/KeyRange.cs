using Lightning.Data.Execution.Expressions;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>
/// One range over a key space, described by expressions evaluated at open: equality values for a leading run of key
/// columns, then an optional lower/upper bound (or a LIKE prefix) on the next column.
/// </summary>
internal sealed class KeyRange
{
    public required BoundExpression[] Equalities { get; init; }
    public BoundExpression? Low { get; init; }
    public bool LowInclusive { get; init; }
    public BoundExpression? High { get; init; }
    public bool HighInclusive { get; init; }

    /// <summary>A LIKE pattern whose literal prefix bounds the next column.</summary>
    public BoundExpression? LikePattern { get; init; }

    public override string ToString()
    {
        var parts = new List<string>();
        foreach (BoundExpression e in Equalities) parts.Add("=" + e);
        if (Low is not null) parts.Add((LowInclusive ? ">=" : ">") + Low);
        if (High is not null) parts.Add((HighInclusive ? "<=" : "<") + High);
        if (LikePattern is not null) parts.Add("LIKE " + LikePattern);
        return string.Join(" ", parts);
    }

    /// <summary>
    /// Evaluates the range into [from, to) byte bounds for key space <paramref name="prefix"/> whose columns have
    /// <paramref name="affinities"/> and <paramref name="descending"/> flags. False when no key can match (a NULL or an
    /// unconvertible equality value).
    /// </summary>
    public bool TryEvaluate(Frame frame, byte[] prefix, ReadOnlySpan<SqlAffinity> affinities, ReadOnlySpan<bool> descending, out byte[] from, out byte[]? to, bool pointOnly = false)
    {
        var builder = new KeyBuilder(stackalloc byte[256]);
        try
        {
            builder.Append(prefix);
            from = prefix;
            to = null;
            for (int i = 0; i < Equalities.Length; i++)
            {
                SqlValue value = Equalities[i].Evaluate(frame);
                if (value.IsNull || !TypeAffinity.TryConvert(value, affinities[i], out value)) return false;
                KeyEncoder.Write(ref builder, value, descending[i]);
            }
            byte[] equalPrefix = builder.ToArray();
            if (pointOnly)
            {
                // A point get reads exactly this key: no upper bound to build.
                from = equalPrefix;
                return true;
            }
            byte[]? lowKey = null, highKey = null;
            int column = Equalities.Length;
            if (column < affinities.Length)
            {
                SqlValue low = SqlValue.Null, high = SqlValue.Null;
                bool hasLow = false, hasHigh = false, lowInclusive = LowInclusive, highInclusive = HighInclusive;
                if (LikePattern is not null)
                {
                    SqlValue pattern = LikePattern.Evaluate(frame);
                    if (pattern.IsNull) return false;
                    string literal = LikeMatcher.LiteralPrefix(SqlConvert.ToText(pattern), null, out _);
                    // LIKE ignores ASCII case on TEXT, so a prefix with letters is not one key range there (BLOBs match exactly).
                    bool caseMatters = affinities[column] != SqlAffinity.Blob && literal.AsSpan().IndexOfAnyInRange('A', 'z') >= 0;
                    if (literal.Length > 0 && !caseMatters && TypeAffinity.TryConvert(SqlValue.FromText(literal), affinities[column], out low) && !low.IsNumeric)
                    {
                        hasLow = true;
                        lowInclusive = true;
                    }
                }
                if (Low is not null)
                {
                    low = Low.Evaluate(frame);
                    if (low.IsNull) return false;
                    hasLow = TypeAffinity.TryConvert(low, affinities[column], out low) && SameClass(low, affinities[column]);
                }
                if (High is not null)
                {
                    high = High.Evaluate(frame);
                    if (high.IsNull) return false;
                    hasHigh = TypeAffinity.TryConvert(high, affinities[column], out high) && SameClass(high, affinities[column]);
                }
                bool desc = descending[column];
                if (hasLow)
                {
                    builder.Truncate(equalPrefix.Length);
                    KeyEncoder.Write(ref builder, low, desc);
                    byte[] encoded = builder.ToArray();
                    if (LikePattern is not null)
                    {
                        // Without its terminator, the encoded prefix (inverted or not) starts every value that extends it.
                        lowKey = encoded[..^1];
                        highKey = Storage.KeyEncoder.PrefixEnd(lowKey);
                    }
                    else if (!desc) lowKey = lowInclusive ? encoded : Storage.KeyEncoder.PrefixEnd(encoded);
                    else highKey = lowInclusive ? Storage.KeyEncoder.PrefixEnd(encoded) : encoded;
                }
                if (hasHigh)
                {
                    builder.Truncate(equalPrefix.Length);
                    KeyEncoder.Write(ref builder, high, desc);
                    byte[] encoded = builder.ToArray();
                    if (!desc) highKey = highInclusive ? Storage.KeyEncoder.PrefixEnd(encoded) : encoded;
                    else lowKey = highInclusive ? encoded : Storage.KeyEncoder.PrefixEnd(encoded);
                }
            }
            from = lowKey ?? equalPrefix;
            to = highKey ?? Storage.KeyEncoder.PrefixEnd(equalPrefix);
            return true;
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static bool SameClass(in SqlValue value, SqlAffinity affinity) => affinity switch
    {
        SqlAffinity.Integer => value.Type == SqlType.Integer,
        SqlAffinity.Real => value.Type == SqlType.Real,
        SqlAffinity.Text => value.Type == SqlType.Text,
        SqlAffinity.Blob => value.Type == SqlType.Blob,
        _ => false, // mixed classes in an untyped column: leave the bound to the filter
    };

    /// <summary>
    /// The key of a point get (equalities on the whole key) written into <paramref name="buffer"/>, grown when too short:
    /// a cached point select then builds its key without allocating. False when a value cannot be a key (no row).
    /// </summary>
    public bool TryEvaluatePoint(Frame frame, byte[] prefix, ReadOnlySpan<SqlAffinity> affinities, ReadOnlySpan<bool> descending,
        ref byte[] buffer, out int length)
    {
        var builder = new KeyBuilder(stackalloc byte[256]);
        try
        {
            builder.Append(prefix);
            length = 0;
            for (int i = 0; i < Equalities.Length; i++)
            {
                SqlValue value = Equalities[i].Evaluate(frame);
                if (value.IsNull || !TypeAffinity.TryConvert(value, affinities[i], out value)) return false;
                KeyEncoder.Write(ref builder, value, descending[i]);
            }
            length = builder.Length;
            if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
            builder.Written.CopyTo(buffer);
            return true;
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// Evaluates <paramref name="ranges"/> into <paramref name="bounds"/> in the order a scan must visit them: key order
    /// (reversed for a reverse scan), duplicates from repeated IN-list values removed.
    /// </summary>
    public static void EvaluateAll(KeyRange[] ranges, Frame frame, byte[] prefix, ReadOnlySpan<SqlAffinity> affinities, ReadOnlySpan<bool> descending,
        bool reverse, List<(byte[] From, byte[]? To)> bounds, bool pointOnly = false)
    {
        bounds.Clear();
        foreach (KeyRange range in ranges)
            if (range.TryEvaluate(frame, prefix, affinities, descending, out byte[] from, out byte[]? to, pointOnly))
                bounds.Add((from, to));
        if (bounds.Count < 2) return;
        bounds.Sort(static (a, b) => a.From.AsSpan().SequenceCompareTo(b.From));
        for (int i = bounds.Count - 1; i > 0; i--)
            if (bounds[i].From.AsSpan().SequenceEqual(bounds[i - 1].From)) bounds.RemoveAt(i);
        if (reverse) bounds.Reverse();
    }
}
