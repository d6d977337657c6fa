using System.Buffers;
using Lightning.Kv.Encoding;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Sst;

/// <summary>
/// Reads one sorted run. Opened once and shared: <see cref="Open"/> verifies the footer and loads the index, bloom
/// filter and properties into memory; afterwards every read is a positional read of one data block (no file
/// position, no lock), verified by its CRC before use, optionally kept decompressed in an <see cref="ISstBlockCache"/>.
/// Thread-safe for any number of concurrent readers; <see cref="Dispose"/> must wait until they are done.
/// </summary>
internal sealed class SstReader : IDisposable
{
    private readonly IStorageFile _file;
    private readonly ISstBlockCache? _cache;
    private long _bloomNegatives;
    private long _blocksRead;
    private readonly SstIteratorPool _iterators;

    private SstReader(IStorageFile file, ulong fileNumber, ISstBlockCache? cache, SstIndex index, SstBloomFilter bloom, SstProperties properties)
    {
        _file = file;
        _iterators = new SstIteratorPool(this);
        FileNumber = fileNumber;
        _cache = cache;
        Index = index;
        Bloom = bloom;
        Properties = properties;
    }

    /// <summary>The run's file.</summary>
    public string Path => _file.Path;

    /// <summary>The run file's size in bytes.</summary>
    public long FileSize => _file.Length;

    /// <summary>The run's number (its block-cache key).</summary>
    public ulong FileNumber { get; }

    /// <summary>What the run holds (counts, key and sequence ranges, sizes).</summary>
    public SstProperties Properties { get; }

    /// <summary>Point lookups answered by the bloom filter alone (the key is certainly absent).</summary>
    public long BloomNegatives => Interlocked.Read(ref _bloomNegatives);

    /// <summary>Data blocks read from the file (cache misses, or every read without a cache).</summary>
    public long BlocksRead => Interlocked.Read(ref _blocksRead);

    internal SstIndex Index { get; }

    internal SstBloomFilter Bloom { get; }

    /// <summary>
    /// Opens the run at <paramref name="path"/>. A foreign magic number or format version raises
    /// <see cref="LightningException"/> with <see cref="LightningErrorCode.UnsupportedFormat"/>; a failed checksum or
    /// structural check raises <see cref="LightningCorruptionException"/> naming the file and offset.
    /// </summary>
    /// <param name="fs">The file system.</param>
    /// <param name="path">The run's file.</param>
    /// <param name="fileNumber">The run's number, which keys its blocks in <paramref name="cache"/>.</param>
    /// <param name="cache">Where to keep decompressed data blocks; null reads every block from the file.</param>
    public static SstReader Open(IFileSystem fs, string path, ulong fileNumber, ISstBlockCache? cache = null)
    {
        IStorageFile file;
        try
        {
            file = fs.Open(path, create: false);
        }
        catch (IOException error)
        {
            throw LightningIOException.From(error, path, "open the sorted run");
        }
        try
        {
            long length = file.Length;
            if (length < SstFormat.FooterSize)
                Throw.Corrupt(path, 0, $"the file has {length} bytes, fewer than its {SstFormat.FooterSize}-byte footer: it is truncated");
            Span<byte> footerBytes = stackalloc byte[SstFormat.FooterSize];
            ReadExactly(file, length - SstFormat.FooterSize, footerBytes);
            SstFooter footer = SstFooter.Read(footerBytes, path, length);
            SstProperties properties = SstProperties.Decode(ReadMetaBlock(file, footer.Properties), path, footer.Properties.Offset);
            byte[] bloomBlock = ReadMetaBlock(file, footer.Bloom);
            SstBloomFilter bloom = SstBloomFilter.Decode(bloomBlock, bloomBlock.Length, path, footer.Bloom.Offset);
            SstIndex index = SstIndex.Decode(ReadMetaBlock(file, footer.Index), footer.Index.Offset, path, footer.Index.Offset);
            if (index.Count != properties.DataBlockCount || properties.DataSize != footer.Index.Offset)
                Throw.Corrupt(path, footer.Properties.Offset, "the properties do not match the index");
            return new SstReader(file, fileNumber, cache, index, bloom, properties);
        }
        catch (IOException error)
        {
            file.Dispose();
            throw LightningIOException.From(error, path, "read the sorted run");
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>False when the bloom filter proves <paramref name="key"/> absent.</summary>
    public bool MayContain(ReadOnlySpan<byte> key) => Bloom.MayContain(key);

    /// <summary>
    /// Looks up <paramref name="key"/>: bloom filter, then the index, then one data block. Returns true when the run
    /// has the key (a put or a tombstone). The value is copied into <paramref name="valueDestination"/> when it fits;
    /// <paramref name="valueLength"/> is its length either way, so a caller whose buffer was too small can retry with
    /// a larger one. Allocates nothing when the block is cached (or pooled buffers are warm).
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, out EntryKind kind, out ulong sequence, Span<byte> valueDestination, out int valueLength)
    {
        valueLength = 0;
        if (!TryLocate(key, out kind, out sequence, out SstBlock block, out int valueOffset, out int length)) return false;
        try
        {
            valueLength = length;
            if (length <= valueDestination.Length) block.Contents.Slice(valueOffset, length).CopyTo(valueDestination);
        }
        finally
        {
            block.Release();
        }
        return true;
    }

    /// <summary>Like the span overload of <see cref="TryGet(ReadOnlySpan{byte}, out EntryKind, out ulong, Span{byte}, out int)"/>, returning a new array.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out EntryKind kind, out ulong sequence, out byte[] value)
    {
        value = [];
        if (!TryLocate(key, out kind, out sequence, out SstBlock block, out int valueOffset, out int length)) return false;
        try
        {
            value = block.Contents.Slice(valueOffset, length).ToArray();
        }
        finally
        {
            block.Release();
        }
        return true;
    }

    /// <summary>Lends the value of <paramref name="key"/> to <paramref name="reader"/> in place (no copy); false when absent.</summary>
    public bool TryRead<TState>(ReadOnlySpan<byte> key, out EntryKind kind, out ulong sequence, TState state, ValueReader<TState> reader)
        where TState : allows ref struct
    {
        if (!TryLocate(key, out kind, out sequence, out SstBlock block, out int valueOffset, out int length)) return false;
        try
        {
            reader(block.Contents.Slice(valueOffset, length), state);
        }
        finally
        {
            block.Release();
        }
        return true;
    }

    /// <summary>An iterator over the run (one per scan; not thread-safe itself), reused once disposed.</summary>
    public SstIterator NewIterator() => _iterators.Rent();

    /// <summary>
    /// Finds <paramref name="key"/>: when true, <paramref name="block"/> holds the entry (the value at
    /// <paramref name="valueOffset"/>, <paramref name="valueLength"/> bytes) and the caller must release it.
    /// </summary>
    internal bool TryLocate(ReadOnlySpan<byte> key, out EntryKind kind, out ulong sequence, out SstBlock block, out int valueOffset, out int valueLength) =>
        TryLocate(key, SstKeyHash.Compute(key), out kind, out sequence, out block, out valueOffset, out valueLength);

    /// <summary>
    /// <see cref="TryLocate(ReadOnlySpan{byte}, out EntryKind, out ulong, out SstBlock, out int, out int)"/> with the
    /// key's bloom hash computed by the caller, once for all the runs it asks.
    /// </summary>
    internal bool TryLocate(ReadOnlySpan<byte> key, ulong keyHash, out EntryKind kind, out ulong sequence, out SstBlock block, out int valueOffset, out int valueLength)
    {
        kind = default;
        sequence = 0;
        block = default;
        valueOffset = valueLength = 0;
        if (!Bloom.MayContainHash(keyHash))
        {
            Interlocked.Increment(ref _bloomNegatives);
            return false;
        }
        int blockIndex = Index.FindBlock(key);
        if (blockIndex == Index.Count) return false;
        block = ReadBlock(blockIndex);
        bool found = false;
        try
        {
            found = SstBlockSearch.TryFind(block.Contents, key, Path, Index.Handle(blockIndex).Offset,
                out kind, out sequence, out valueOffset, out valueLength);
            return found;
        }
        finally
        {
            if (!found) block.Release();
        }
    }

    /// <summary>Data block <paramref name="blockIndex"/>, from the cache or read, verified and decompressed; release it after use.</summary>
    internal SstBlock ReadBlock(int blockIndex)
    {
        SstBlockHandle handle = Index.Handle(blockIndex);
        if (_cache is not null && _cache.TryGet(FileNumber, handle.Offset, out byte[] cached))
            return new SstBlock(cached, cached.Length, pooled: false);
        int framedLength = handle.Size + SstFormat.BlockTrailerSize;
        byte[]? framed = ArrayPool<byte>.Shared.Rent(framedLength);
        try
        {
            Span<byte> stored = framed.AsSpan(0, framedLength);
            ReadExactly(_file, handle.Offset, stored);
            int length = SstStoredBlock.Verify(stored, Path, handle.Offset);
            Interlocked.Increment(ref _blocksRead);
            if (_cache is not null)
            {
                byte[] block = GC.AllocateUninitializedArray<byte>(length);
                SstStoredBlock.Decode(stored, block, Path, handle.Offset);
                _cache.Put(FileNumber, handle.Offset, block);
                return new SstBlock(block, length, pooled: false);
            }
            if (SstStoredBlock.IsRaw(stored))
            {
                var raw = new SstBlock(framed, length, pooled: true); // the stored bytes are the contents: use them in place
                framed = null;
                return raw;
            }
            byte[] decoded = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                SstStoredBlock.Decode(stored, decoded.AsSpan(0, length), Path, handle.Offset);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(decoded);
                throw;
            }
            return new SstBlock(decoded, length, pooled: true);
        }
        finally
        {
            if (framed is not null) ArrayPool<byte>.Shared.Return(framed);
        }
    }

    private static byte[] ReadMetaBlock(IStorageFile file, SstBlockHandle handle)
    {
        byte[] framed = new byte[handle.Size + SstFormat.BlockTrailerSize];
        ReadExactly(file, handle.Offset, framed);
        int length = SstStoredBlock.Verify(framed, file.Path, handle.Offset);
        if (SstStoredBlock.IsRaw(framed)) return framed.AsSpan(0, length).ToArray();
        byte[] contents = new byte[length];
        SstStoredBlock.Decode(framed, contents, file.Path, handle.Offset);
        return contents;
    }

    private static void ReadExactly(IStorageFile file, long offset, Span<byte> destination)
    {
        int read;
        try
        {
            read = file.Read(offset, destination);
        }
        catch (IOException error)
        {
            throw LightningIOException.From(error, file.Path, "read the sorted run");
        }
        if (read < destination.Length)
            Throw.Corrupt(file.Path, offset, $"expected {destination.Length} bytes but the file ends after {read}: it is truncated");
    }

    /// <summary>Closes the file. Concurrent reads must have finished.</summary>
    public void Dispose() => _file.Dispose();
}
