using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Lightning.Kv.Encoding;
using Lightning.Kv.Memtable;

namespace Lightning.Kv.Tests.Memtable;

/// <summary>One writer (the contract) inserting while several readers search and iterate without locks.</summary>
public sealed class MemTableConcurrencyTests
{
    private const int KeySpace = 4000;              // 7919 is coprime with it, so sequences 1..K hit every key once
    private const int MaxInserts = 250_000;
    private static readonly TimeSpan WriterBudget = TimeSpan.FromMilliseconds(1500);

    private static int KeyIndexOf(ulong sequence) => (int)(sequence * 7919 % KeySpace);

    private static byte[] KeyOf(int index) => System.Text.Encoding.ASCII.GetBytes($"k{index:D5}");

    /// <summary>u64 sequence, u32 key index, filler, u32 CRC-32C of everything before it.</summary>
    private static byte[] ValueOf(ulong sequence)
    {
        int filler = (int)(sequence % 5 == 0 ? sequence % 3000 : sequence % 150);
        byte[] value = new byte[12 + filler + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(value, sequence);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(8), KeyIndexOf(sequence));
        value.AsSpan(12, filler).Fill((byte)sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(12 + filler), Crc32C.Compute(value.AsSpan(0, 12 + filler)));
        return value;
    }

    private static void CheckNode(MemTable table, long node, ulong snapshot)
    {
        ulong sequence = table.SequenceOf(node);
        if (sequence == 0 || sequence > snapshot) throw new Exception($"node sequence {sequence} outside snapshot {snapshot}");
        ReadOnlySpan<byte> value = table.ValueOf(node);
        if (value.Length < 16) throw new Exception($"value of {value.Length} bytes is too short");
        if (Crc32C.Compute(value[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(value[^4..]))
            throw new Exception($"value checksum mismatch at sequence {sequence}");
        if (BinaryPrimitives.ReadUInt64LittleEndian(value) != sequence) throw new Exception("value belongs to another sequence");
        int index = BinaryPrimitives.ReadInt32LittleEndian(value[8..]);
        if (!table.KeyOf(node).SequenceEqual(KeyOf(index))) throw new Exception("value belongs to another key");
    }

    [Fact]
    public void ReadersSeeSortedIntactDataWhileOneWriterInserts()
    {
        var table = new MemTable();
        long published = 0;
        var errors = new ConcurrentQueue<Exception>();
        var writerDone = new ManualResetEventSlim();
        int readerCount = 3;
        long[] readerRounds = new long[readerCount];

        var writer = new Thread(() =>
        {
            try
            {
                var clock = Stopwatch.StartNew();
                for (ulong sequence = 1; sequence <= MaxInserts && clock.Elapsed < WriterBudget; sequence++)
                {
                    EntryKind kind = sequence % 11 == 0 ? EntryKind.Delete : EntryKind.Put;
                    // Tombstones still carry the checked value layout, so every node can be verified.
                    table.Add(sequence, kind, KeyOf(KeyIndexOf(sequence)), ValueOf(sequence));
                    Volatile.Write(ref published, (long)sequence);
                }
            }
            catch (Exception error)
            {
                errors.Enqueue(error);
            }
            finally
            {
                writerDone.Set();
            }
        });

        var readers = Enumerable.Range(0, readerCount).Select(r => new Thread(() =>
        {
            var random = new Random(r);
            try
            {
                while (!writerDone.IsSet || readerRounds[r] == 0)
                {
                    ulong snapshot = (ulong)Volatile.Read(ref published);
                    if (snapshot == 0) { Thread.Yield(); continue; }
                    readerRounds[r]++;
                    ProbePoint(table, snapshot, random);
                    ProbeIteration(table, snapshot, random, reverse: random.Next(2) == 0);
                    if (readerRounds[r] % 40 == 1) CheckFullScan(table, snapshot);
                }
            }
            catch (Exception error)
            {
                errors.Enqueue(error);
            }
        })).ToList();

        writer.Start();
        readers.ForEach(t => t.Start());
        writer.Join();
        readers.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.All(readerRounds, rounds => Assert.True(rounds > 0));
        ulong last = (ulong)published;
        Assert.Equal((long)last, table.EntryCount);
        CheckFullScan(table, last);
    }

    /// <summary>A committed (published) version is always found, and what is found is intact.</summary>
    private static void ProbePoint(MemTable table, ulong snapshot, Random random)
    {
        ulong target = (ulong)random.NextInt64(1, (long)snapshot + 1);
        byte[] key = KeyOf(KeyIndexOf(target));
        if (!table.TryGet(key, snapshot, out EntryKind kind, out long node))
            throw new Exception($"sequence {target} is published (snapshot {snapshot}) but its key is not found");
        ulong found = table.SequenceOf(node);
        if (found < target) throw new Exception($"found sequence {found}, older than published {target}");
        if (kind != table.KindOf(node)) throw new Exception("kind mismatch");
        CheckNode(table, node, snapshot);
    }

    private static void ProbeIteration(MemTable table, ulong snapshot, Random random, bool reverse)
    {
        var iterator = new MemTableIterator(table, snapshot);
        byte[] start = KeyOf(random.Next(KeySpace));
        if (reverse) iterator.SeekBackward(start);
        else iterator.SeekForward(start);
        byte[]? previous = null;
        for (int step = 0; step < 100 && iterator.Valid; step++)
        {
            byte[] key = iterator.Key.ToArray();
            int c = previous is null ? 0 : key.AsSpan().SequenceCompareTo(previous);
            if (previous is not null && (reverse ? c >= 0 : c <= 0))
                throw new Exception($"iteration out of order: {Convert.ToHexString(previous)} then {Convert.ToHexString(key)}");
            if (reverse ? key.AsSpan().SequenceCompareTo(start) >= 0 : key.AsSpan().SequenceCompareTo(start) < 0)
                throw new Exception("iteration started on the wrong side of the seek key");
            CheckNode(table, iterator.CurrentNode, snapshot);
            previous = key;
            if (reverse) iterator.Previous();
            else iterator.Next();
        }
    }

    /// <summary>At snapshot s exactly min(s, KeySpace) keys have a visible version.</summary>
    private static void CheckFullScan(MemTable table, ulong snapshot)
    {
        var iterator = new MemTableIterator(table, snapshot);
        long count = 0;
        byte[]? previous = null;
        for (iterator.SeekForward(null); iterator.Valid; iterator.Next())
        {
            byte[] key = iterator.Key.ToArray();
            if (previous is not null && key.AsSpan().SequenceCompareTo(previous) <= 0) throw new Exception("full scan out of order");
            CheckNode(table, iterator.CurrentNode, snapshot);
            previous = key;
            count++;
        }
        long expected = (long)Math.Min(snapshot, KeySpace);
        if (count != expected) throw new Exception($"full scan at {snapshot} saw {count} keys, expected {expected}");
    }
}
