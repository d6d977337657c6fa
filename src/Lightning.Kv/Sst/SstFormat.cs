namespace Lightning.Kv.Sst;

/// <summary>
/// Constants of the sorted-run (SST) file format. The byte layout is documented in docs/formats/sst.md; the
/// footer, block framing, block contents, index, bloom filter and properties each have their own file here.
/// </summary>
internal static class SstFormat
{
    /// <summary>"LKVSST01" as a little-endian u64; the last 8 bytes of every SST file.</summary>
    public const ulong Magic = 0x3130545353564B4CUL;

    /// <summary>The format version this build writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>Size of the fixed footer at the end of the file.</summary>
    public const int FooterSize = 52;

    /// <summary>Every stored block is followed by a 1-byte compression type and a 4-byte CRC-32C.</summary>
    public const int BlockTrailerSize = 5;

    /// <summary>Trailer type: the block's bytes are stored as they are.</summary>
    public const byte RawBlock = 0;

    /// <summary>Trailer type: u32 uncompressed length, then one LZ4 block.</summary>
    public const byte Lz4Block = 1;

    /// <summary>The u32 uncompressed length in front of an LZ4 payload.</summary>
    public const int Lz4LengthPrefixSize = 4;

    /// <summary>A block is stored compressed only when that saves at least this many percent of its raw size.</summary>
    public const int MinCompressionSavingPercent = 12;

    /// <summary>Default target size of a data block's contents (before compression).</summary>
    public const int DefaultBlockSize = 4096;

    /// <summary>Default number of entries between restart points (entries stored with their whole key).</summary>
    public const int DefaultRestartInterval = 16;

    /// <summary>Default bloom filter bits per key (about 0.8 % false positives with 7 probes).</summary>
    public const int DefaultBloomBitsPerKey = 10;

    /// <summary>
    /// The largest block target size a writer accepts. A block is cut after the entry that reaches the target, so
    /// it holds less than this plus one entry.
    /// </summary>
    public const int MaxBlockSize = 1 << 20;

    /// <summary>
    /// The largest block contents a reader accepts: a block just under <see cref="MaxBlockSize"/> plus one entry of the
    /// largest key and value. Guards the allocation of a decompression buffer against a damaged length.
    /// </summary>
    public const int MaxBlockContentSize = MaxBlockSize + KvLimits.MaxValueSize + KvLimits.MaxKeySize + 1024;

    /// <summary>The folder of a database that holds level-0 runs.</summary>
    public const string Directory = "l0";
}
