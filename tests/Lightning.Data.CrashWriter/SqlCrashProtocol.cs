using System.Globalization;

namespace Lightning.Data.CrashWriter;

/// <summary>What a line of the writer's output says about a unit.</summary>
public enum SqlCrashLineKind
{
    /// <summary>Printed before the unit starts: it may be in flight when the kill comes.</summary>
    Begin,

    /// <summary>Printed after Commit (or the autocommit statement, or Rollback) returned: the unit is acknowledged.</summary>
    Ack,

    /// <summary>Printed after a <see cref="SqlCrashUnitKind.FailingInsert"/> failed as expected: it applied nothing.</summary>
    Rejected,
}

/// <summary>
/// The line protocol between the SQL crash writer and the test, and the schema and payloads both sides compute, shared
/// so that they agree character for character. Every line ends in " #": a line cut short by the kill has no
/// terminator and is ignored.
/// </summary>
public static class SqlCrashProtocol
{
    /// <summary>Printed once the schema exists and the live rows were read.</summary>
    public const string Opened = "opened #";

    /// <summary>The table every unit works on.</summary>
    public const string CreateTable = "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, payload TEXT NOT NULL UNIQUE)";

    /// <summary>The secondary index on <c>batch</c> (the UNIQUE constraint gives <c>payload</c> its own).</summary>
    public const string CreateIndex = "CREATE INDEX IF NOT EXISTS t_batch ON t (batch)";

    /// <summary>The SQL form of <see cref="Payload"/> for a row's own id and the batch in parameter <c>@new</c>.</summary>
    public const string PayloadSql = "'r' || id || 'b' || @new || ':' || substr(@pad, 1, (id * 7 + @new * 13) % 97)";

    /// <summary>The padding the payload takes its tail from (bound to <c>@pad</c> in <see cref="PayloadSql"/>).</summary>
    public const string Padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Both sides open the database with this (Full durability: a returned commit is on disk; a small cache
    /// so that pages are evicted and re-read).</summary>
    public static string ConnectionString(string directory) => $"Data Source={directory};Durability=Full;Cache Size=512KiB";

    /// <summary>The payload of row <paramref name="id"/> in batch <paramref name="batch"/>: unique per id, 6–110 characters.</summary>
    public static string Payload(long id, long batch)
    {
        int padding = (int)((id * 7 + batch * 13) % 97);
        return "r" + id.ToString(CultureInfo.InvariantCulture) + "b" + batch.ToString(CultureInfo.InvariantCulture) + ":" + Padding[..padding];
    }

    /// <summary>The line printed for <paramref name="unit"/>.</summary>
    public static string Line(SqlCrashLineKind kind, SqlCrashUnit unit) => kind switch
    {
        SqlCrashLineKind.Begin => "begin ",
        SqlCrashLineKind.Ack => "ack ",
        _ => "rejected ",
    } + unit.Describe() + " #";

    /// <summary>Parses a begin, ack or rejected line; false for anything else, including a line cut short.</summary>
    public static bool TryParse(string line, out SqlCrashLineKind kind, out SqlCrashUnit unit)
    {
        kind = default;
        unit = null!;
        string[] words = line.Split(' ');
        if (words.Length < 3 || words[^1] != "#") return false;
        switch (words[0])
        {
            case "begin": kind = SqlCrashLineKind.Begin; break;
            case "ack": kind = SqlCrashLineKind.Ack; break;
            case "rejected": kind = SqlCrashLineKind.Rejected; break;
            default: return false;
        }
        return SqlCrashUnit.TryParse(words.AsSpan(1, words.Length - 2), out unit);
    }
}
