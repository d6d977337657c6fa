namespace Lightning.Workloads;

/// <summary>
/// Precomputed keys (16 bytes: big-endian index then 8 zero bytes, so byte order = numeric order), value pools
/// and a shuffled load order, all from a fixed seed, built before any timing starts.
/// </summary>
internal sealed class TestData
{
    public byte[][] Keys { get; }
    /// <summary>The keys in random order (the random-load order).</summary>
    public byte[][] ShuffledKeys { get; }
    /// <summary>Fixed-size values, one per key slot (a pool of distinct arrays reused cyclically).</summary>
    public byte[][] Values { get; }
    /// <summary>Values of random size between the mix bounds.</summary>
    public byte[][] MixValues { get; }

    public TestData(RunSettings s)
    {
        var random = new Random(42);
        Keys = new byte[s.Keys][];
        for (int i = 0; i < s.Keys; i++) Keys[i] = MakeKey((ulong)i);
        ShuffledKeys = (byte[][])Keys.Clone();
        random.Shuffle(ShuffledKeys);
        var pool = new byte[256][];
        for (int i = 0; i < pool.Length; i++) { pool[i] = new byte[s.ValueSize]; random.NextBytes(pool[i]); }
        Values = new byte[s.Keys][];
        for (int i = 0; i < s.Keys; i++) Values[i] = pool[i % pool.Length];
        MixValues = new byte[256][];
        for (int i = 0; i < MixValues.Length; i++)
        {
            MixValues[i] = new byte[random.Next(s.MixMinValue, s.MixMaxValue + 1)];
            random.NextBytes(MixValues[i]);
        }
    }

    /// <summary>The 16-byte key of <paramref name="index"/>.</summary>
    public static byte[] MakeKey(ulong index)
    {
        var key = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key, index);
        return key;
    }

    /// <summary>A per-thread sequence of random indexes below <paramref name="bound"/>, drawn before timing.</summary>
    public static int[] RandomIndexes(int count, int bound, int seed)
    {
        var random = new Random(seed);
        var result = new int[count];
        for (int i = 0; i < count; i++) result[i] = random.Next(bound);
        return result;
    }
}
