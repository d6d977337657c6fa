using System.Buffers;
using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Version = Lightning.Kv.Engine.Version;

namespace Lightning.Kv.Tests.Engine;

/// <summary>
/// <see cref="LightningDb.TryRead{TState}"/> and <see cref="KvTransaction.TryRead{TState}"/> lend the value from
/// wherever it lives — active or immutable memtable, tree page, overflow chain — and allocate nothing.
/// </summary>
public sealed class ZeroCopyTests : IDisposable
{
    private readonly TestDirectory _dir = new("zerocopy");
    private readonly LightningDb _db;

    public ZeroCopyTests() => _db = LightningDb.Open(_dir.Path, TestDirectory.SmallOptions());

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    /// <summary>A reusable sink, allocated once, so reads through it allocate nothing.</summary>
    private sealed class Sink
    {
        public byte[] Copy = [];
        public int Calls;
        public long Sum;
    }

    private static byte[]? Read(LightningDb db, byte[] key)
    {
        var sink = new Sink();
        bool found = db.TryRead(key, sink, static (value, s) =>
        {
            s.Calls++;
            s.Copy = value.ToArray();
        });
        Assert.Equal(found ? 1 : 0, sink.Calls);
        return found ? sink.Copy : null;
    }

    private static byte[]? Read(KvTransaction txn, byte[] key)
    {
        var sink = new Sink();
        bool found = txn.TryRead(key, sink, static (value, s) =>
        {
            s.Calls++;
            s.Copy = value.ToArray();
        });
        Assert.Equal(found ? 1 : 0, sink.Calls);
        return found ? sink.Copy : null;
    }

    private static byte[] Value(int seed, int length)
    {
        byte[] value = new byte[length];
        new Random(seed).NextBytes(value);
        return value;
    }

    [Fact]
    public void ZeroCopyReadsAreCountedAsGetsInTheMetrics()
    {
        _db.Put([1], [2]);
        long before = _db.GetMetrics().Gets.Count;
        Assert.NotNull(Read(_db, [1]));
        Assert.Null(Read(_db, [9]));
        using (KvTransaction txn = _db.BeginTransaction())
            Assert.True(txn.TryRead([1], 0, static (_, _) => { }));
        Assert.Equal(before + 3, _db.GetMetrics().Gets.Count);
    }

    [Fact]
    public void ReadsAValueFromTheActiveMemtable()
    {
        byte[] value = Value(1, 100);
        _db.Put("active"u8, value);
        Assert.Equal(value, Read(_db, "active"u8.ToArray()));
        Assert.Equal(_db.Get("active"u8), Read(_db, "active"u8.ToArray()));
    }

    [Fact]
    public void ReadsAValueFromAnImmutableMemtable()
    {
        // A version whose only source holding the key is an immutable memtable: no race with the background flush.
        var immutable = new MemTable();
        immutable.Add(5, EntryKind.Put, "frozen"u8, "cold value"u8);
        immutable.Add(6, EntryKind.Delete, "gone"u8, default);
        var version = new Version(_db.Versions, new MemTable(), [immutable], [], new TreeRoot(0, 0, 0, 0, 0));
        var snapshot = new Snapshot(version, 10);
        var sink = new Sink();

        Assert.True(_db.TryReadAt(snapshot, "frozen"u8, sink, static (value, s) => s.Copy = value.ToArray()));
        Assert.Equal("cold value"u8.ToArray(), sink.Copy);
        Assert.False(_db.TryReadAt(snapshot, "gone"u8, sink, static (_, s) => s.Calls++));
        Assert.False(_db.TryReadAt(new Snapshot(version, 4), "frozen"u8, sink, static (_, s) => s.Calls++)); // not yet visible
        Assert.Equal(0, sink.Calls);
    }

    [Fact]
    public void ReadsInlineAndOverflowValuesFromTheTree()
    {
        byte[] inline = Value(2, 300);
        byte[] overflow = Value(3, 50_000); // far more than a 4 KiB page: an overflow chain
        _db.Put("inline"u8, inline);
        _db.Put("overflow"u8, overflow);
        _db.Flush();
        Assert.True(_db.Versions.Current.Active.EntryCount == 0 && _db.Versions.Current.Immutables.Length == 0, "the values must live in the tree");

        Assert.Equal(inline, Read(_db, "inline"u8.ToArray()));
        Assert.Equal(overflow, Read(_db, "overflow"u8.ToArray()));
    }

    [Fact]
    public void MissingAndDeletedKeysDoNotCallTheReader()
    {
        _db.Put("deleted-in-tree"u8, "x"u8);
        _db.Flush();
        _db.Delete("deleted-in-tree"u8);
        _db.Put("deleted-in-memtable"u8, "y"u8);
        _db.Delete("deleted-in-memtable"u8);

        Assert.Null(Read(_db, "missing"u8.ToArray()));
        Assert.Null(Read(_db, "deleted-in-tree"u8.ToArray()));
        Assert.Null(Read(_db, "deleted-in-memtable"u8.ToArray()));
        _db.Flush();
        Assert.Null(Read(_db, "deleted-in-tree"u8.ToArray()));
    }

    [Fact]
    public void ATransactionReadsItsOwnWritesAndOtherwiseItsSnapshot()
    {
        _db.Put("a"u8, "old a"u8);
        _db.Put("b"u8, "old b"u8);
        _db.Put("c"u8, "old c"u8);
        _db.Flush();
        using KvTransaction txn = _db.BeginTransaction();
        txn.Put("a"u8, "mine"u8);
        txn.Delete("b"u8);
        _db.Put("c"u8, "newer c"u8); // committed after the snapshot: invisible to txn
        _db.Put("d"u8, "new d"u8);

        Assert.Equal("mine"u8.ToArray(), Read(txn, "a"u8.ToArray()));
        Assert.Null(Read(txn, "b"u8.ToArray()));
        Assert.Equal("old c"u8.ToArray(), Read(txn, "c"u8.ToArray()));
        Assert.Null(Read(txn, "d"u8.ToArray()));
        Assert.Equal("old a"u8.ToArray(), Read(_db, "a"u8.ToArray())); // uncommitted: not visible outside
        Assert.Equal("newer c"u8.ToArray(), Read(_db, "c"u8.ToArray()));

        txn.Rollback();
        var error = Assert.Throws<LightningException>(() => Read(txn, "a"u8.ToArray()));
        Assert.Equal(LightningErrorCode.TransactionCompleted, error.Code);
    }

    [Fact]
    public void AThousandReadsOfATreeValueAllocateNothing()
    {
        byte[] value = Value(4, 200);
        _db.Put("resident"u8, value);
        _db.Flush();
        byte[] key = "resident"u8.ToArray();
        var sink = new Sink();
        ValueReader<Sink> reader = static (v, s) => s.Sum += v[0] + v[^1];
        for (int i = 0; i < 200; i++) _db.TryRead(key, sink, reader); // warm-up: JIT, pool, cache

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) _db.TryRead(key, sink, reader);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1200L * (value[0] + value[^1]), sink.Sum);
    }

    [Fact]
    public void ARefStructStateNeedsNoClosure()
    {
        _db.Put("k"u8, "hello"u8);
        Span<byte> destination = stackalloc byte[16];
        Assert.True(_db.TryRead("k"u8, destination, static (value, into) => value.CopyTo(into)));
        Assert.Equal("hello"u8.ToArray(), destination[..5].ToArray());
    }

    [Fact]
    public void TheReaderIsRequiredAndKeysAreChecked()
    {
        Assert.Equal(LightningErrorCode.InvalidArgument,
            Assert.Throws<LightningException>(() => _db.TryRead("k"u8, 0, null!)).Code);
        Assert.Equal(LightningErrorCode.KeyTooLarge,
            Assert.Throws<LightningException>(() => _db.TryRead(new byte[KvLimits.MaxKeySize + 1], 0, static (_, _) => { })).Code);
    }

    [Fact]
    public void AnExceptionFromTheReaderPropagatesAndTheDatabaseStaysUsable()
    {
        _db.Put("big"u8, Value(5, 30_000));
        _db.Flush();
        Assert.Throws<InvalidOperationException>(() =>
            _db.TryRead("big"u8, 0, static (_, _) => throw new InvalidOperationException("reader failed")));
        Assert.Equal(Value(5, 30_000), Read(_db, "big"u8.ToArray()));
    }

    [Fact]
    public void ALentCopyIsPoisonedWhenTheCallbackReturns()
    {
        // The debug-build guard (ZeroCopyLoan) is compiled in every configuration; exercise it directly.
        byte[] value = Value(6, 777);
        byte[] seen = [];
        ZeroCopyLoan.LendCopy(value, 0, (lent, _) => seen = lent.ToArray());
        Assert.Equal(value, seen);
        byte[] reused = ArrayPool<byte>.Shared.Rent(777); // the pool hands this thread the buffer it just got back
        try
        {
            Assert.All(reused.AsSpan(0, 777).ToArray(), b => Assert.Equal(ZeroCopyLoan.PoisonByte, b));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(reused);
        }
    }
}
