using System.Globalization;
using System.Text;

namespace Lightning.Data.CrashWriter;

/// <summary>
/// One unit of the SQL crash writer: an autocommit statement or an explicit transaction, described completely so that
/// the test can compute its effect on the table without asking the writer. Fresh rows get the ids
/// <see cref="FirstId"/> … <see cref="FirstId"/> + <see cref="Count"/> − 1; a failing INSERT (when <see cref="FailRows"/>
/// &gt; 0) uses the next <see cref="FailRows"/> ids, and its row <see cref="FailAt"/> repeats the payload (or, with
/// <see cref="FailOnId"/>, the id) of row <see cref="DuplicateOf"/>, or of its own first row when that is −1.
/// </summary>
public sealed record SqlCrashUnit(
    SqlCrashUnitKind Kind,
    long Batch,
    long OldBatch,
    long FirstId,
    int Count,
    long[] Updates,
    long[] Deletes,
    int FailRows,
    int FailAt,
    long DuplicateOf,
    bool FailOnId)
{
    /// <summary>The number of ids this unit consumes (stored or not).</summary>
    public int IdsUsed => Count + FailRows;

    /// <summary>The one-line description printed before and after the unit (no spaces inside values).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(KindName(Kind))
            .Append(" batch=").Append(Number(Batch))
            .Append(" old=").Append(Number(OldBatch))
            .Append(" first=").Append(Number(FirstId))
            .Append(" count=").Append(Number(Count))
            .Append(" upd=").Append(List(Updates))
            .Append(" del=").Append(List(Deletes))
            .Append(" frows=").Append(Number(FailRows))
            .Append(" fail=").Append(Number(FailAt))
            .Append(" dup=").Append(Number(DuplicateOf))
            .Append(" on=").Append(FailOnId ? "id" : "payload");
        return text.ToString();
    }

    /// <summary>Parses what <see cref="Describe"/> wrote; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<string> words, out SqlCrashUnit unit)
    {
        unit = null!;
        if (words.Length != 11 || !TryKind(words[0], out SqlCrashUnitKind kind)) return false;
        if (!TryField(words[1], "batch", out string batch) || !TryField(words[2], "old", out string old) ||
            !TryField(words[3], "first", out string first) || !TryField(words[4], "count", out string count) ||
            !TryField(words[5], "upd", out string updates) || !TryField(words[6], "del", out string deletes) ||
            !TryField(words[7], "frows", out string failRows) || !TryField(words[8], "fail", out string failAt) ||
            !TryField(words[9], "dup", out string duplicateOf) || !TryField(words[10], "on", out string on))
            return false;
        if (!TryLong(batch, out long b) || !TryLong(old, out long o) || !TryLong(first, out long f) || !TryLong(count, out long c) ||
            !TryList(updates, out long[] u) || !TryList(deletes, out long[] d) || !TryLong(failRows, out long fr) ||
            !TryLong(failAt, out long fa) || !TryLong(duplicateOf, out long dup) || on is not ("id" or "payload"))
            return false;
        unit = new SqlCrashUnit(kind, b, o, f, (int)c, u, d, (int)fr, (int)fa, dup, on == "id");
        return true;
    }

    private static string KindName(SqlCrashUnitKind kind) => kind switch
    {
        SqlCrashUnitKind.Insert => "insert",
        SqlCrashUnitKind.Transaction => "txn",
        SqlCrashUnitKind.Rollback => "rollback",
        SqlCrashUnitKind.DeleteBatch => "delete-batch",
        SqlCrashUnitKind.MoveBatch => "move-batch",
        _ => "failing-insert",
    };

    private static bool TryKind(string word, out SqlCrashUnitKind kind)
    {
        foreach (SqlCrashUnitKind candidate in Enum.GetValues<SqlCrashUnitKind>())
        {
            if (KindName(candidate) == word)
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string List(long[] values)
    {
        if (values.Length == 0) return "-";
        var text = new StringBuilder();
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Number(values[i]));
        }
        return text.ToString();
    }

    private static bool TryField(string word, string name, out string value)
    {
        value = "";
        if (!word.StartsWith(name + "=", StringComparison.Ordinal)) return false;
        value = word[(name.Length + 1)..];
        return true;
    }

    private static bool TryLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool TryList(string text, out long[] values)
    {
        values = [];
        if (text == "-") return true;
        string[] parts = text.Split(',');
        var parsed = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!TryLong(parts[i], out parsed[i])) return false;
        values = parsed;
        return true;
    }
}
