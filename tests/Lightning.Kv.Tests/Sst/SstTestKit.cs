using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>One entry of the sorted model an SST is checked against.</summary>
internal sealed record ModelEntry(byte[] Key, ulong Sequence, EntryKind Kind, byte[] Value);

/// <summary>Builds random sorted models, writes them as runs and compares runs with them.</summary>
internal static class SstTestKit
{
    public const string Directory = "/db/l0";

    public static string PathFor(ulong number) => Directory + "/" + SstFileName.For(number);

    /// <summary>
    /// <paramref name="count"/> distinct random keys, sorted, sharing prefixes (to exercise prefix compression);
    /// about 10 % tombstones, some empty values, and values of 0–200 bytes. <paramref name="extremes"/> adds
    /// keys of the maximum size and values larger than a block.
    /// </summary>
    public static List<ModelEntry> RandomModel(int seed, int count, bool extremes = true)
    {
        var random = new Random(seed);
        string[] prefixes = ["user:", "user:profile:", "order:2024-", "a", "zz", "\u00ff\u00ff"];
        var keys = new SortedSet<byte[]>(KeyComparer.Instance);
        while (keys.Count < count)
        {
            byte[] prefix = Latin1(prefixes[random.Next(prefixes.Length)]);
            byte[] key = new byte[prefix.Length + random.Next(0, 24)];
            prefix.CopyTo(key, 0);
            random.NextBytes(key.AsSpan(prefix.Length));
            if (key.Length > 0) keys.Add(key);
        }
        if (extremes)
        {
            for (int i = 0; i < 3; i++)
            {
                byte[] big = new byte[KvLimits.MaxKeySize];
                random.NextBytes(big);
                big[0] = (byte)"a0z"[i];
                keys.Add(big);
            }
            keys.Add([0]);
            keys.Add([0xFF]);
        }
        var model = new List<ModelEntry>(keys.Count);
        foreach (byte[] key in keys)
        {
            ulong sequence = (ulong)random.NextInt64(1, 1L << 40);
            int roll = random.Next(100);
            if (roll < 10)
            {
                model.Add(new ModelEntry(key, sequence, EntryKind.Delete, []));
                continue;
            }
            int length = roll < 15 ? 0 : random.Next(0, 200);
            if (extremes && roll == 99) length = random.Next(5_000, 70_000); // larger than a block
            byte[] value = new byte[length];
            random.NextBytes(value);
            model.Add(new ModelEntry(key, sequence, EntryKind.Put, value));
        }
        return model;
    }

    public static byte[] Latin1(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    /// <summary>Writes <paramref name="model"/> as a run and returns its properties.</summary>
    public static SstProperties Write(MemoryFileSystem fs, string path, IReadOnlyList<ModelEntry> model, SstWriterOptions? options = null)
    {
        using SstWriter writer = SstWriter.Create(fs, path, options);
        foreach (ModelEntry entry in model) writer.Add(entry.Key, entry.Sequence, entry.Kind, entry.Value);
        return writer.Finish();
    }

    /// <summary>Every key that lies between neighbours of the model, before the first and after the last.</summary>
    public static List<byte[]> BoundaryProbes(IReadOnlyList<ModelEntry> model)
    {
        var probes = new List<byte[]> { new byte[] { 0 }, new byte[] { 0, 0 }, Enumerable.Repeat((byte)0xFF, 8).ToArray() };
        foreach (ModelEntry entry in model)
        {
            probes.Add(entry.Key);
            probes.Add([.. entry.Key, 0]); // just after the key
            if (entry.Key.Length > 1) probes.Add(entry.Key[..^1]); // a prefix: before the key
            byte[] before = (byte[])entry.Key.Clone();
            if (before[^1] > 0)
            {
                before[^1]--;
                probes.Add(before);
            }
        }
        return probes;
    }

    /// <summary>Index of the first model entry whose key is &gt;= <paramref name="key"/>.</summary>
    public static int LowerBound(IReadOnlyList<ModelEntry> model, byte[] key)
    {
        int lo = 0, hi = model.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (model[mid].Key.AsSpan().SequenceCompareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Asserts the iterator is on <paramref name="expected"/>.</summary>
    public static void AssertAt(SstIterator iterator, ModelEntry expected)
    {
        Assert.True(iterator.Valid);
        Assert.True(iterator.Key.SequenceEqual(expected.Key), "key differs");
        Assert.Equal(expected.Kind == EntryKind.Delete, iterator.IsDeleted);
        Assert.Equal(expected.Kind, iterator.Kind);
        Assert.Equal(expected.Sequence, iterator.Sequence);
        Assert.True(iterator.Value.SequenceEqual(expected.Value), "value differs");
    }
}
