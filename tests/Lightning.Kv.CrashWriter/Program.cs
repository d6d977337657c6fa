using System.Globalization;

namespace Lightning.Kv.CrashWriter;

/// <summary>
/// A child process for the recovery tests (tests/Lightning.Kv.Tests/Recovery/):
/// <list type="bullet">
/// <item><c>write &lt;dir&gt; &lt;seed&gt; &lt;memtableBytes&gt; [firstId]</c>: commits forever (until killed), printing a
/// <c>begin</c> line before and an <c>ack</c> line after every commit (see <see cref="CrashProtocol"/>); exits when
/// stdin reaches its end (the test died without killing it).</item>
/// <item><c>hold &lt;dir&gt;</c>: opens the database, prints <c>opened</c> and keeps it open until stdin closes.</item>
/// <item><c>probe &lt;dir&gt;</c>: tries to open the database; prints <c>opened</c>, or <c>locked &lt;Code&gt;</c> on a LightningException.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 4 && args[0] == "write")
        {
            long firstId = args.Length >= 5 ? long.Parse(args[4], CultureInfo.InvariantCulture) : 1;
            return Write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture), firstId);
        }
        if (args.Length == 2 && args[0] == "hold") return Hold(args[1]);
        if (args.Length == 2 && args[0] == "probe") return Probe(args[1]);
        Console.Error.WriteLine("usage: Lightning.Kv.CrashWriter write <dir> <seed> <memtableBytes> [firstId] | hold <dir> | probe <dir>");
        return 2;
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static int Hold(string path)
    {
        using LightningDb db = LightningDb.Open(path);
        Say("opened");
        Console.In.ReadToEnd(); // returns when the parent closes our stdin (or dies)
        return 0;
    }

    private static int Probe(string path)
    {
        try
        {
            using LightningDb db = LightningDb.Open(path);
            Say("opened");
        }
        catch (LightningException error)
        {
            Say("locked " + error.Code);
        }
        return 0;
    }

    private static int Write(string path, int seed, long memtableBytes, long firstId)
    {
        var options = new LightningDbOptions
        {
            Durability = Durability.Full,
            MemtableSize = memtableBytes,
            PageSize = 4096,
            CacheSize = 512 * 1024,
            Level0CompactionTrigger = 2, // compactions (and kills during them) as often as flushes
        };
        // The test keeps our stdin open; if it dies without killing us, stop rather than write forever.
        new Thread(() =>
        {
            Console.In.ReadToEnd();
            Environment.Exit(4);
        }) { IsBackground = true, Name = "parent watch" }.Start();
        using LightningDb db = LightningDb.Open(path, options);
        var random = new Random(seed);
        long id = firstId;
        byte[]? last = db.Get(CrashProtocol.Bytes(CrashProtocol.LastBatchKey));
        Say(CrashProtocol.Opened);
        var batch = new WriteBatch();
        while (true)
        {
            int roll = random.Next(100);
            int single = random.Next(CrashProtocol.SingleKeyCount);
            CrashOp op = roll switch
            {
                < 35 => new CrashOp(CrashOpKind.Batch, id, CrashProtocol.BatchCount(id), random.Next(4) == 0 ? single : -1),
                < 60 => new CrashOp(CrashOpKind.Txn, id, CrashProtocol.BatchCount(id), random.Next(4) == 0 ? single : -1),
                < 85 => new CrashOp(CrashOpKind.Put, id, 0, single),
                _ => new CrashOp(CrashOpKind.Delete, id, 0, single),
            };
            id++;
            Say(CrashProtocol.Begin(op));
            switch (op.Kind)
            {
                case CrashOpKind.Batch:
                    batch.Clear();
                    foreach ((string key, byte[]? value) in op.Writes())
                    {
                        if (value is null) batch.Delete(CrashProtocol.Bytes(key));
                        else batch.Put(CrashProtocol.Bytes(key), value);
                    }
                    db.Write(batch);
                    break;
                case CrashOpKind.Txn:
                    // A flush between begin and commit makes the snapshot too old to check for conflicts: retry.
                    while (true)
                    {
                        using KvTransaction txn = db.BeginTransaction();
                        // Single-threaded, so the transaction must see exactly the last batch this process knows of.
                        byte[]? seen = txn.Get(CrashProtocol.Bytes(CrashProtocol.LastBatchKey));
                        if (!Same(seen, last))
                        {
                            Console.Error.WriteLine($"transaction {op.Id} read last-batch '{Text(seen)}', expected '{Text(last)}'");
                            return 3;
                        }
                        foreach ((string key, byte[]? value) in op.Writes())
                        {
                            if (value is null) txn.Delete(CrashProtocol.Bytes(key));
                            else txn.Put(CrashProtocol.Bytes(key), value);
                        }
                        try
                        {
                            txn.Commit();
                            break;
                        }
                        catch (LightningConflictException)
                        {
                        }
                    }
                    break;
                case CrashOpKind.Put:
                    db.Put(CrashProtocol.Bytes(CrashProtocol.SingleKey(op.Single)), CrashProtocol.SingleValue(op.Single, op.Id));
                    break;
                default:
                    db.Delete(CrashProtocol.Bytes(CrashProtocol.SingleKey(op.Single)));
                    break;
            }
            if (op.Kind is CrashOpKind.Batch or CrashOpKind.Txn) last = CrashProtocol.LastBatchValue(op.Id);
            Say(CrashProtocol.Ack(op));
        }
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Text(byte[]? value) => value is null ? "(absent)" : System.Text.Encoding.ASCII.GetString(value);
}
