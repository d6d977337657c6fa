using System.Globalization;
using System.Text;

namespace Lightning.Kv.CrashWriter;

/// <summary>The kinds of commit the crash writer performs.</summary>
public enum CrashOpKind
{
    /// <summary>A <see cref="WriteBatch"/>: keys b/{id}/{j} for j &lt; Count, last-batch = id, optionally delete s/{Single},
    /// and delete the keys of the batches <see cref="CrashProtocol.RetireDistance"/> ids older.</summary>
    Batch,

    /// <summary>A <see cref="KvTransaction"/> with the same writes as <see cref="Batch"/>.</summary>
    Txn,

    /// <summary>A single Put of s/{Single} with <see cref="CrashProtocol.SingleValue"/>(Single, Id).</summary>
    Put,

    /// <summary>A single Delete of s/{Single}.</summary>
    Delete,
}

/// <summary>
/// One commit of the crash writer. <see cref="Id"/> is unique per commit (batch id, or the version of a single put);
/// <see cref="Count"/> is the number of b/ keys of a batch or transaction; <see cref="Single"/> is the s/ key a
/// put or delete touches, or that a batch/transaction also deletes (-1 when none).
/// </summary>
public readonly record struct CrashOp(CrashOpKind Kind, long Id, int Count, int Single)
{
    /// <summary>Every key the commit writes, with the value it stores (null for a delete).</summary>
    public IEnumerable<(string Key, byte[]? Value)> Writes()
    {
        switch (Kind)
        {
            case CrashOpKind.Batch:
            case CrashOpKind.Txn:
                // Retire the groups written RetireDistance.. RetireDistance + RetireWindow - 1 commits ago (those that
                // were batches), so the key count stays bounded however long the test runs: with 40% of commits not
                // being batches, a window of 6 leaves about 0.4^6 of all groups behind. The deletes are part of the
                // same atomic commit.
                for (long retired = Id - CrashProtocol.RetireDistance; retired > Id - CrashProtocol.RetireDistance - CrashProtocol.RetireWindow && retired > 0; retired--)
                    for (int j = 0; j < CrashProtocol.BatchCount(retired); j++) yield return (CrashProtocol.BatchKey(retired, j), null);
                for (int j = 0; j < Count; j++) yield return (CrashProtocol.BatchKey(Id, j), CrashProtocol.BatchValue(Id, j));
                yield return (CrashProtocol.LastBatchKey, CrashProtocol.LastBatchValue(Id));
                if (Single >= 0) yield return (CrashProtocol.SingleKey(Single), null);
                break;
            case CrashOpKind.Put:
                yield return (CrashProtocol.SingleKey(Single), CrashProtocol.SingleValue(Single, Id));
                break;
            case CrashOpKind.Delete:
                yield return (CrashProtocol.SingleKey(Single), null);
                break;
        }
    }
}

/// <summary>
/// The line protocol between the crash writer and the tests, and the keys and values it writes, shared so that
/// both sides agree byte for byte. Every line ends in " #": a line cut short by the kill has no terminator and is
/// ignored. Before each commit the writer prints <c>begin …</c>; after the commit returns, <c>ack …</c>.
/// </summary>
public static class CrashProtocol
{
    public const string Opened = "opened #";
    public const string LastBatchKey = "last-batch";
    public const int SingleKeyCount = 64;

    /// <summary>A batch or transaction also deletes the keys of the batch this many ids older.</summary>
    public const long RetireDistance = 300;

    public const long RetireWindow = 6;

    public static string BatchKey(long id, int j) => $"b/{id}/{j}";

    /// <summary>How many b/{id}/j keys batch <paramref name="id"/> writes (2–8), a function of the id so that a later
    /// commit can delete them without knowing what an earlier process did.</summary>
    public static int BatchCount(long id) => 2 + (int)(Mix(id, 7) % 7);

    public static string SingleKey(int k) => $"s/{k}";

    public static byte[] LastBatchValue(long id) => System.Text.Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Value of b/{id}/{j}: mostly small, now and then large enough to live in overflow pages.</summary>
    public static byte[] BatchValue(long id, int j) => MakeValue($"batch {id} item {j}", Mix(id, j) % 29 == 0 ? 1500 + (int)(Mix(j, id) % 4000) : (int)(Mix(id, j) % 90));

    /// <summary>Value of s/{k} written by the single put with version <paramref name="version"/>.</summary>
    public static byte[] SingleValue(int k, long version) => MakeValue($"single {k} v{version}", Mix(version, k) % 17 == 0 ? 2500 : (int)(Mix(k, version) % 60));

    public static byte[] Bytes(string key) => System.Text.Encoding.ASCII.GetBytes(key);

    public static string Begin(CrashOp op) => "begin " + Describe(op) + " #";

    public static string Ack(CrashOp op) => "ack " + Describe(op) + " #";

    private static string Describe(CrashOp op) => op.Kind switch
    {
        CrashOpKind.Batch => $"batch {op.Id} keys {op.Count} del {op.Single}",
        CrashOpKind.Txn => $"txn {op.Id} keys {op.Count} del {op.Single}",
        CrashOpKind.Put => $"put {op.Single} v {op.Id}",
        _ => $"del {op.Single} id {op.Id}",
    };

    /// <summary>Parses a begin or ack line; false for anything else, including a line cut short.</summary>
    public static bool TryParse(string line, out bool isAck, out CrashOp op)
    {
        isAck = false;
        op = default;
        string[] parts = line.Split(' ');
        if (parts.Length < 2 || parts[^1] != "#") return false;
        if (parts[0] == "ack") isAck = true;
        else if (parts[0] != "begin") return false;
        static long N(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        switch (parts[1])
        {
            case "batch" when parts.Length == 8:
            case "txn" when parts.Length == 8:
                op = new CrashOp(parts[1] == "batch" ? CrashOpKind.Batch : CrashOpKind.Txn, N(parts[2]), (int)N(parts[4]), (int)N(parts[6]));
                return true;
            case "put" when parts.Length == 6:
                op = new CrashOp(CrashOpKind.Put, N(parts[4]), 0, (int)N(parts[2]));
                return true;
            case "del" when parts.Length == 6:
                op = new CrashOp(CrashOpKind.Delete, N(parts[4]), 0, (int)N(parts[2]));
                return true;
            default:
                return false;
        }
    }

    private static byte[] MakeValue(string prefix, int padding)
    {
        var builder = new StringBuilder(prefix.Length + padding + 1);
        builder.Append(prefix).Append('|');
        for (int i = 0; i < padding; i++) builder.Append((char)('a' + (prefix.Length + i) % 26));
        return System.Text.Encoding.ASCII.GetBytes(builder.ToString());
    }

    private static long Mix(long a, long b)
    {
        ulong x = (ulong)a * 0x9E3779B97F4A7C15UL ^ (ulong)(b + 0x632BE59BD9B4E019L);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 29;
        return (long)(x & 0x7FFFFFFFFFFFFFFFUL);
    }
}
