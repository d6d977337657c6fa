namespace Lightning.Kv.Sst;

/// <summary>How an <see cref="SstWriter"/> lays out a run. The defaults suit a memtable flush.</summary>
internal sealed record SstWriterOptions
{
    /// <summary>The defaults.</summary>
    public static readonly SstWriterOptions Default = new();

    /// <summary>Target size of a data block's contents before compression; a block is cut after the entry that reaches it.</summary>
    public int BlockSize { get; init; } = SstFormat.DefaultBlockSize;

    /// <summary>Entries between restart points: smaller seeks faster, larger compresses keys better.</summary>
    public int RestartInterval { get; init; } = SstFormat.DefaultRestartInterval;

    /// <summary>Bloom filter bits per key; 10 gives about 0.8 % false positives.</summary>
    public int BloomBitsPerKey { get; init; } = SstFormat.DefaultBloomBitsPerKey;

    /// <summary>When false, every block is stored raw without trying LZ4.</summary>
    public bool Compression { get; init; } = true;

    /// <summary>Throws <see cref="LightningException"/> (<see cref="LightningErrorCode.InvalidArgument"/>) for values out of range.</summary>
    public void Validate()
    {
        if (BlockSize < 64 || BlockSize > SstFormat.MaxBlockSize)
            Throw.Invalid($"The sorted-run block size must be between 64 and {SstFormat.MaxBlockSize} bytes, not {BlockSize}.");
        if (RestartInterval < 1 || RestartInterval > 1024)
            Throw.Invalid($"The restart interval must be between 1 and 1024 entries, not {RestartInterval}.");
        if (BloomBitsPerKey < 1 || BloomBitsPerKey > 64)
            Throw.Invalid($"The bloom filter must use between 1 and 64 bits per key, not {BloomBitsPerKey}.");
    }
}
