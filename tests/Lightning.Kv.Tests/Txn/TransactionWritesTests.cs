using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;
using Lightning.Kv.Txn;

namespace Lightning.Kv.Tests.Txn;

/// <summary>
/// The transaction write set: hash lookups plus a lazily sorted key list. Random writes interleaved with ordered reads
/// (scans and encodes) must always agree with a sorted model.
/// </summary>
public sealed class TransactionWritesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Interleaved_writes_and_ordered_reads_match_a_sorted_model(int seed)
    {
        var random = new Random(seed);
        var writes = new TransactionWrites();
        var model = new SortedDictionary<byte[], byte[]?>(KeyComparer.Instance);
        for (int step = 0; step < 3000; step++)
        {
            byte[] key = new byte[random.Next(1, 5)];
            random.NextBytes(key);
            byte[]? value = random.Next(4) == 0 ? null : [(byte)step, (byte)(step >> 8)];
            if (random.Next(2) == 0) writes.Set(key, value);
            else writes.SetOwned((byte[])key.Clone(), value);
            model[key] = value;

            Assert.True(writes.TryGet(key, out byte[]? read));
            Assert.Equal(value, read);
            if (random.Next(50) == 0) AssertOrdered(writes, model);
        }
        AssertOrdered(writes, model);
        Assert.Equal(model.Count, writes.Count);
        Assert.False(writes.TryGet([9, 9, 9, 9, 9, 9], out _));
    }

    [Fact]
    public void Ascending_runs_appended_after_ordered_reads_stay_in_order()
    {
        // Ascending keys skip the sort and are appended; a run that goes back, or starts below the sorted part, merges.
        var writes = new TransactionWrites();
        var model = new SortedDictionary<byte[], byte[]?>(KeyComparer.Instance);
        void Write(params byte[] key)
        {
            writes.SetOwned(key, [key[0]]);
            model[key] = [key[0]];
        }
        for (byte k = 10; k < 20; k++) Write(k);
        AssertOrdered(writes, model);
        for (byte k = 20; k < 30; k++) Write(k);       // appended after the sorted run
        AssertOrdered(writes, model);
        Write(40); Write(35); Write(50);              // not ascending: sorted
        AssertOrdered(writes, model);
        Write(5); Write(6); Write(7);                 // ascending but below everything: merged
        TransactionWrites copy = writes.Clone();
        AssertOrdered(writes, model);
        Write(60); Write(55);
        AssertOrdered(writes, model);
        copy.SetOwned([1], [1]);                      // the clone kept its own pending tail
        model.Remove([60]);
        model.Remove([55]);
        model[new byte[] { 1 }] = new byte[] { 1 };
        AssertOrdered(copy, model);
    }

    [Fact]
    public void An_iterator_is_a_copy_that_later_writes_do_not_change()
    {
        var writes = new TransactionWrites();
        writes.Set([2], [20]);
        using EntryIterator iterator = writes.CreateIterator();
        writes.Set([1], [10]);
        writes.Set([2], null);
        iterator.SeekForward(null);
        Assert.True(iterator.Valid);
        Assert.Equal([2], iterator.Key.ToArray());
        Assert.Equal([20], iterator.Value.ToArray());
        iterator.Next();
        Assert.False(iterator.Valid);
    }

    private static void AssertOrdered(TransactionWrites writes, SortedDictionary<byte[], byte[]?> model)
    {
        using EntryIterator iterator = writes.CreateIterator();
        iterator.SeekForward(null);
        foreach (KeyValuePair<byte[], byte[]?> expected in model)
        {
            Assert.True(iterator.Valid);
            Assert.Equal(expected.Key, iterator.Key.ToArray());
            Assert.Equal(expected.Value is null, iterator.IsDeleted);
            if (expected.Value is not null) Assert.Equal(expected.Value, iterator.Value.ToArray());
            iterator.Next();
        }
        Assert.False(iterator.Valid);

        WriteSetBuilder encoded = writes.Encode();
        var reader = new WriteSetReader(encoded.Encoded());
        int count = 0;
        byte[]? previous = null;
        while (reader.MoveNext())
        {
            byte[] key = reader.Key.ToArray();
            if (previous is not null) Assert.True(previous.AsSpan().SequenceCompareTo(key) < 0);
            Assert.Equal(model[key] is null, reader.Kind == EntryKind.Delete);
            previous = key;
            count++;
        }
        Assert.False(reader.Malformed);
        Assert.Equal(model.Count, count);
    }
}
