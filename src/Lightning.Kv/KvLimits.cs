namespace Lightning.Kv;

/// <summary>The size limits Lightning enforces. Exceeding one raises a <see cref="LightningException"/>.</summary>
public static class KvLimits
{
    /// <summary>Longest key, in bytes. Keys must also be at least one byte long.</summary>
    public const int MaxKeySize = 1024;

    /// <summary>Longest value, in bytes (256 MiB). Values over a quarter page live in overflow pages.</summary>
    public const int MaxValueSize = 256 * 1024 * 1024;

    /// <summary>Largest encoded write set of one commit (batch or transaction), in bytes (1 GiB).</summary>
    public const long MaxBatchSize = 1L << 30;

    /// <summary>Throws when <paramref name="key"/> is empty or longer than <see cref="MaxKeySize"/>.</summary>
    internal static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length == 0) Throw.EmptyKey();
        if (key.Length > MaxKeySize) Throw.KeyTooLarge(key.Length);
    }

    /// <summary>Throws when <paramref name="value"/> is longer than <see cref="MaxValueSize"/>.</summary>
    internal static void CheckValue(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxValueSize) Throw.ValueTooLarge(value.Length);
    }
}
