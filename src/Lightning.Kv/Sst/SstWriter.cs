using System.Buffers;
using Lightning.Kv.Encoding;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Sst;

/// <summary>
/// Writes one sorted run: entries stream in, in strictly increasing key order, and are cut into prefix-compressed
/// data blocks, each LZ4-compressed when that pays; <see cref="Finish"/> appends the index, bloom filter, properties
/// and footer, fsyncs the file and its directory entry. Not thread-safe (one flush writes one run). A run is only
/// valid after <see cref="Finish"/> returns: a writer disposed without it, or one that failed, leaves a file without a
/// footer that <see cref="SstReader"/> refuses; <see cref="Abandon"/> deletes it.
/// </summary>
internal sealed class SstWriter : IDisposable
{
    private const int OutputBufferSize = 128 * 1024;

    private readonly IFileSystem _fs;
    private readonly IStorageFile _file;
    private readonly SstWriterOptions _options;
    private readonly SstBlockBuilder _block;
    private readonly SstIndexBuilder _index = new();
    private readonly byte[] _lastKey = new byte[KvLimits.MaxKeySize];
    private readonly byte[] _separator = new byte[KvLimits.MaxKeySize];
    private byte[] _framed = ArrayPool<byte>.Shared.Rent(8192);
    private byte[] _output = ArrayPool<byte>.Shared.Rent(OutputBufferSize);
    private ulong[] _hashes = ArrayPool<ulong>.Shared.Rent(1024);
    private int _outputLength;
    private long _position;
    private int _lastKeyLength;
    private bool _pendingIndexEntry;
    private SstBlockHandle _pendingHandle;
    private byte[]? _smallestKey;
    private long _entries;
    private long _tombstones;
    private ulong _minSequence = ulong.MaxValue;
    private ulong _maxSequence;
    private long _rawDataSize;
    private int _dataBlocks;
    private int _compressedBlocks;
    private CompressionBackoff _compressionBackoff;
    private bool _finished;
    private bool _failed;
    private bool _disposed;

    private SstWriter(IFileSystem fs, IStorageFile file, SstWriterOptions options)
    {
        _fs = fs;
        _file = file;
        _options = options;
        _block = new SstBlockBuilder(options.RestartInterval, options.BlockSize + options.BlockSize / 4);
    }

    /// <summary>The file being written.</summary>
    public string Path => _file.Path;

    /// <summary>Entries added so far.</summary>
    public long EntryCount => _entries;

    /// <summary>Bytes written to the file so far (including what is still buffered); an estimate of the run's size.</summary>
    public long Position => _position;

    /// <summary>Creates (or truncates) the file at <paramref name="path"/> and starts a run.</summary>
    public static SstWriter Create(IFileSystem fs, string path, SstWriterOptions? options = null)
    {
        options ??= SstWriterOptions.Default;
        options.Validate();
        IStorageFile file;
        try
        {
            file = fs.Open(path, create: true);
        }
        catch (IOException error)
        {
            throw LightningIOException.From(error, path, "create the sorted run");
        }
        try
        {
            file.SetLength(0);
        }
        catch (IOException error)
        {
            file.Dispose();
            throw LightningIOException.From(error, path, "create the sorted run");
        }
        return new SstWriter(fs, file, options);
    }

    /// <summary>
    /// Appends an entry. Keys must strictly increase (ordinal byte order); a tombstone (<see cref="EntryKind.Delete"/>)
    /// carries an empty value. Throws <see cref="LightningException"/> for a key, value or order that breaks the rules.
    /// </summary>
    public void Add(ReadOnlySpan<byte> key, ulong sequence, EntryKind kind, ReadOnlySpan<byte> value)
    {
        ThrowIfUnusable();
        KvLimits.CheckKey(key);
        KvLimits.CheckValue(value);
        if (kind != EntryKind.Put && kind != EntryKind.Delete) Throw.Invalid($"Unknown entry kind {(int)kind}.");
        if (kind == EntryKind.Delete && !value.IsEmpty) Throw.Invalid("A tombstone carries no value.");
        ReadOnlySpan<byte> last = _lastKey.AsSpan(0, _lastKeyLength);
        if (_entries > 0 && key.SequenceCompareTo(last) <= 0)
            Throw.Invalid("Sorted-run keys must be added in strictly increasing order; a key was equal to or smaller than the previous one.");
        if (_pendingIndexEntry)
        {
            // The previous block's separator needs this block's first key, so its index entry waits until now.
            int length = SstIndexBuilder.ShortestSeparator(last, key, _separator);
            _index.Add(_separator.AsSpan(0, length), _pendingHandle);
            _pendingIndexEntry = false;
        }
        _block.Add(key, sequence, kind, value);
        if (_entries == _hashes.Length) GrowHashes();
        _hashes[_entries] = SstKeyHash.Compute(key);
        _smallestKey ??= key.ToArray();
        key.CopyTo(_lastKey);
        _lastKeyLength = key.Length;
        _entries++;
        if (kind == EntryKind.Delete) _tombstones++;
        _minSequence = Math.Min(_minSequence, sequence);
        _maxSequence = Math.Max(_maxSequence, sequence);
        if (_block.EstimatedSize >= _options.BlockSize) FlushBlock();
    }

    /// <summary>
    /// Writes the last data block, the index, bloom filter, properties and footer, then fsyncs the file and its
    /// directory: when this returns, the run survives a power loss. At least one entry must have been added.
    /// </summary>
    public SstProperties Finish()
    {
        ThrowIfUnusable();
        if (_entries == 0) Throw.Invalid("A sorted run must hold at least one entry.");
        try
        {
            if (_block.Count > 0) FlushBlock();
            if (_pendingIndexEntry)
            {
                _index.Add(_lastKey.AsSpan(0, _lastKeyLength), _pendingHandle);
                _pendingIndexEntry = false;
            }
            long dataSize = _position;
            SstBlockHandle index = WriteMetaBlock(_index.Finish());
            SstBlockHandle bloom = WriteMetaBlock(SstBloomFilter.Build(_hashes.AsSpan(0, (int)_entries), _options.BloomBitsPerKey));
            var properties = new SstProperties
            {
                EntryCount = _entries,
                TombstoneCount = _tombstones,
                MinSequence = _minSequence,
                MaxSequence = _maxSequence,
                DataSize = dataSize,
                RawDataSize = _rawDataSize,
                DataBlockCount = _dataBlocks,
                CompressedBlockCount = _compressedBlocks,
                BlockSize = _options.BlockSize,
                RestartInterval = _options.RestartInterval,
                BloomBitsPerKey = _options.BloomBitsPerKey,
                SmallestKey = _smallestKey!,
                LargestKey = _lastKey.AsSpan(0, _lastKeyLength).ToArray(),
            };
            SstBlockHandle propertiesHandle = WriteMetaBlock(properties.Encode());
            Span<byte> footer = stackalloc byte[SstFormat.FooterSize];
            new SstFooter(index, bloom, propertiesHandle).Write(footer);
            Append(footer);
            FlushOutput();
            _file.Sync();
            string? directory = System.IO.Path.GetDirectoryName(Path);
            // The file's data is durable; its name is only durable once the directory is synced too.
            if (!string.IsNullOrEmpty(directory)) _fs.SyncDirectory(directory);
            _finished = true;
            return properties;
        }
        catch (IOException error)
        {
            _failed = true;
            throw LightningIOException.From(error, Path, "write the sorted run");
        }
    }

    /// <summary>Gives up on the run: closes and deletes its file (best effort).</summary>
    public void Abandon()
    {
        Dispose();
        try
        {
            _fs.DeleteFile(Path);
        }
        catch (IOException)
        {
            // Leaving a footerless file behind is harmless: readers refuse it and the engine ignores unlisted runs.
        }
    }

    private void FlushBlock()
    {
        ReadOnlySpan<byte> contents = _block.Finish();
        bool attempt = _options.Compression && _compressionBackoff.ShouldTry();
        int stored = SstStoredBlock.Encode(contents, attempt, ref _framed, out bool compressed);
        if (attempt) _compressionBackoff.Record(compressed);
        var handle = new SstBlockHandle(_position, stored);
        Append(_framed.AsSpan(0, stored + SstFormat.BlockTrailerSize));
        _rawDataSize += contents.Length;
        _dataBlocks++;
        if (compressed) _compressedBlocks++;
        _block.Reset();
        _pendingIndexEntry = true;
        _pendingHandle = handle;
    }

    /// <summary>Index, bloom and properties blocks are stored raw: they are read once, at open.</summary>
    private SstBlockHandle WriteMetaBlock(ReadOnlySpan<byte> contents)
    {
        int stored = SstStoredBlock.Encode(contents, tryCompress: false, ref _framed, out _);
        var handle = new SstBlockHandle(_position, stored);
        Append(_framed.AsSpan(0, stored + SstFormat.BlockTrailerSize));
        return handle;
    }

    /// <summary>Buffers small writes into one large positional write; writes big ones straight through.</summary>
    private void Append(ReadOnlySpan<byte> data)
    {
        if (_outputLength + data.Length > _output.Length) FlushOutput();
        if (data.Length >= _output.Length)
        {
            WriteToFile(_position, data);
        }
        else
        {
            data.CopyTo(_output.AsSpan(_outputLength));
            _outputLength += data.Length;
        }
        _position += data.Length;
    }

    private void FlushOutput()
    {
        if (_outputLength == 0) return;
        WriteToFile(_position - _outputLength, _output.AsSpan(0, _outputLength));
        _outputLength = 0;
    }

    private void WriteToFile(long offset, ReadOnlySpan<byte> data)
    {
        try
        {
            _file.Write(offset, data);
        }
        catch (IOException error)
        {
            _failed = true;
            throw LightningIOException.From(error, Path, "write the sorted run");
        }
    }

    private void GrowHashes()
    {
        ulong[] bigger = ArrayPool<ulong>.Shared.Rent(_hashes.Length * 2);
        _hashes.AsSpan().CopyTo(bigger);
        ArrayPool<ulong>.Shared.Return(_hashes);
        _hashes = bigger;
    }

    private void ThrowIfUnusable()
    {
        if (_disposed) Throw.Disposed("sorted-run writer");
        if (_finished) Throw.Invalid($"The sorted run '{Path}' is already finished.");
        if (_failed)
            throw new LightningIOException(LightningErrorCode.IOError, $"Writing the sorted run '{Path}' failed earlier; abandon it.", null);
    }

    /// <summary>Closes the file and returns pooled buffers. Without <see cref="Finish"/>, the file is not a valid run.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _file.Dispose();
        _block.Dispose();
        _index.Dispose();
        ArrayPool<byte>.Shared.Return(_framed);
        ArrayPool<byte>.Shared.Return(_output);
        ArrayPool<ulong>.Shared.Return(_hashes);
        _framed = _output = [];
        _hashes = [];
    }
}
