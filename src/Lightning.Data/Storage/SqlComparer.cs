namespace Lightning.Data.Storage;

/// <summary>
/// KV-SQL's value order: NULL &lt; numbers (integers and reals compared numerically) &lt; TEXT &lt; BLOB. TEXT compares in
/// UTF-8 byte order — the same order the key encoding gives — or case-insensitively (ASCII, like SQLite) with NOCASE.
/// </summary>
internal static class SqlComparer
{
    public static int Compare(in SqlValue left, in SqlValue right, bool noCase = false)
    {
        int leftRank = Rank(left.Type), rightRank = Rank(right.Type);
        if (leftRank != rightRank) return leftRank < rightRank ? -1 : 1;
        switch (left.Type)
        {
            case SqlType.Null:
                return 0;
            case SqlType.Integer when right.Type == SqlType.Integer:
                return left.Integer.CompareTo(right.Integer);
            case SqlType.Integer or SqlType.Real:
                return CompareNumbers(left, right);
            case SqlType.Text:
                return noCase ? CompareNoCase(left.Text, right.Text) : CompareUtf8Order(left.Text, right.Text);
            default:
                return left.Blob.AsSpan().SequenceCompareTo(right.Blob);
        }
    }

    /// <summary>Equality as SQL's <c>=</c> sees it for two non-NULL values.</summary>
    public static bool AreEqual(in SqlValue left, in SqlValue right, bool noCase = false) => Compare(left, right, noCase) == 0;

    private static int Rank(SqlType type) => type switch
    {
        SqlType.Null => 0,
        SqlType.Integer or SqlType.Real => 1,
        SqlType.Text => 2,
        _ => 3,
    };

    private static int CompareNumbers(in SqlValue left, in SqlValue right)
    {
        if (left.Type == SqlType.Integer && right.Type == SqlType.Real) return -CompareRealToInteger(right.Real, left.Integer);
        if (left.Type == SqlType.Real && right.Type == SqlType.Integer) return CompareRealToInteger(left.Real, right.Integer);
        return left.Real.CompareTo(right.Real);
    }

    private static int CompareRealToInteger(double real, long integer)
    {
        // Exact for integers beyond 2^53, where converting the integer to double would round.
        if (double.IsNaN(real)) return -1;
        if (real < -9.2233720368547758E18) return -1;
        if (real >= 9.2233720368547758E18) return 1;
        long truncated = (long)real;
        if (truncated != integer) return truncated < integer ? -1 : 1;
        double fraction = real - truncated;
        return fraction > 0 ? 1 : fraction < 0 ? -1 : 0;
    }

    /// <summary>Ordinal comparison in Unicode code point order (= UTF-8 byte order), unlike UTF-16 ordinal order for surrogates.</summary>
    public static int CompareUtf8Order(string left, string right)
    {
        int length = Math.Min(left.Length, right.Length);
        int i = left.AsSpan(0, length).CommonPrefixLength(right.AsSpan(0, length));
        if (i == length) return left.Length.CompareTo(right.Length);
        return Fixup(left[i]).CompareTo(Fixup(right[i]));
    }

    private static int Fixup(char c) => c >= 0xD800 ? (c < 0xE000 ? c + 0x2000 : c - 0x800) : c;

    private static int CompareNoCase(string left, string right)
    {
        int length = Math.Min(left.Length, right.Length);
        for (int i = 0; i < length; i++)
        {
            char a = left[i], b = right[i];
            if (a == b) continue;
            if (a is >= 'a' and <= 'z') a = (char)(a - 32);
            if (b is >= 'a' and <= 'z') b = (char)(b - 32);
            if (a != b) return Fixup(a).CompareTo(Fixup(b));
        }
        return left.Length.CompareTo(right.Length);
    }
}
