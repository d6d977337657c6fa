using System.Buffers.Binary;

namespace Lightning.Kv.Benchmarks;

/// <summary>Keys, values and temporary directories shared by the benchmarks.</summary>
internal static class BenchmarkData
{
    public const int KeySize = 16;
    public const int ValueSize = 100;

    /// <summary>16-byte big-endian keys "key-" + number, so numeric order is key order.</summary>
    public static byte[][] Keys(int count)
    {
        var keys = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            byte[] key = new byte[KeySize];
            "key-"u8.CopyTo(key);
            BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(8), i);
            keys[i] = key;
        }
        return keys;
    }

    public static byte[] Value(int seed)
    {
        byte[] value = new byte[ValueSize];
        new Random(seed).NextBytes(value);
        return value;
    }

    /// <summary>A shuffled order of 0..count-1, so reads hit random pages.</summary>
    public static int[] RandomOrder(int count, int seed)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        new Random(seed).Shuffle(order);
        return order;
    }

    public static string NewDirectory(string name) =>
        Path.Combine(Path.GetTempPath(), "lightning-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public static void Delete(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Loads <paramref name="keys"/> in batches of 1,000 and flushes them into the B+Tree.</summary>
    public static void Load(LightningDb db, byte[][] keys, byte[] value)
    {
        var batch = new WriteBatch();
        for (int i = 0; i < keys.Length; i++)
        {
            batch.Put(keys[i], value);
            if (batch.Count == 1000)
            {
                db.Write(batch);
                batch.Clear();
            }
        }
        if (batch.Count > 0) db.Write(batch);
        db.Flush();
    }
}
