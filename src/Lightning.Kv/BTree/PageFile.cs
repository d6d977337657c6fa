using Lightning.Kv.Cache;
using Lightning.Kv.Platform;

namespace Lightning.Kv.BTree;

/// <summary>
/// tree.db: fixed-size checksummed pages read through the <see cref="PageCache"/>. Pages are never
/// overwritten while reachable from a published or pinned root; only the two meta pages are rewritten,
/// alternately, to publish a new root.
/// </summary>
internal sealed partial class PageFile : IDisposable
{
    private static readonly int[] CandidatePageSizes = [4096, 8192, 16384, 32768, 65536];
    private readonly IStorageFile _file;
    private readonly PageCache _cache;

    private PageFile(IStorageFile file, int pageSize, long cacheSize)
    {
        _file = file;
        PageSize = pageSize;
        _cache = new PageCache(cacheSize, pageSize);
    }

    public int PageSize { get; }

    public string Path => _file.Path;

    public PageCache Cache => _cache;

    /// <summary>
    /// Set at open when the other meta page failed verification and may have published a newer tree than the one
    /// chosen (its transaction id is higher, or unreadable). Recovery then must find the newer commits in the WAL,
    /// or the tree file cannot be proven current.
    /// </summary>
    public ulong? DamagedNewerMetaPage { get; private set; }

    /// <summary>Opens or creates tree.db and returns the newest valid meta.</summary>
    /// <param name="fs">The file system.</param>
    /// <param name="path">tree.db's path.</param>
    /// <param name="pageSizeForNewFile">The page size when the file is created.</param>
    /// <param name="cacheSize">Bytes of pages to cache.</param>
    /// <param name="meta">The newest valid meta page.</param>
    /// <param name="mustExist">True when other files prove the database existed: a missing or empty file is then damage, not a new database.</param>
    public static PageFile Open(IFileSystem fs, string path, int pageSizeForNewFile, long cacheSize, out TreeMeta meta, bool mustExist = false)
    {
        if (mustExist && !fs.FileExists(path) && !fs.DirectoryExists(path))
            Throw.Corrupt(path, 0, "the tree file is missing but the write-ahead log has segments: the data it held is gone");
        IStorageFile file = fs.Open(path, create: true);
        try
        {
            if (file.Length == 0)
            {
                if (mustExist)
                    Throw.Corrupt(path, 0, "the tree file is empty but the write-ahead log has segments: the data it held is gone");
                var created = new PageFile(file, pageSizeForNewFile, cacheSize);
                meta = TreeMeta.Empty(pageSizeForNewFile);
                created.WriteMetaPage(meta, 0);
                created.WriteMetaPage(meta, 1);
                created.Sync();
                return created;
            }
            meta = ReadNewestMeta(file, out ulong? damagedNewer);
            return new PageFile(file, meta.PageSize, cacheSize) { DamagedNewerMetaPage = damagedNewer };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static TreeMeta ReadNewestMeta(IStorageFile file, out ulong? damagedNewer)
    {
        Span<byte> buffer = stackalloc byte[TreeMeta.EncodedLength];
        TreeMeta? first = ReadMetaAt(file, 0, 0, buffer, out uint version0);
        TreeMeta? second = null;
        uint version1 = 0;
        foreach (int size in CandidatePageSizes)
        {
            if (first is not null && first.PageSize != size) continue;
            second = ReadMetaAt(file, size, 1, buffer, out version1);
            if (second is not null && second.PageSize == size) break;
            second = null;
        }
        if ((first is not null && version0 != TreeMeta.FormatVersion) || (second is not null && version1 != TreeMeta.FormatVersion))
            throw UnsupportedVersion(file.Path, first is not null && version0 != TreeMeta.FormatVersion ? version0 : version1);
        if (first is null && second is null)
            Throw.Corrupt(file.Path, 0, "both meta pages are damaged or this is not a Lightning tree file");
        TreeMeta best = second is null || (first is not null && first.TxnId >= second.TxnId) ? first! : second;
        damagedNewer = null;
        if (first is null || second is null)
        {
            ulong otherPage = first is null ? 0UL : 1UL;
            Span<byte> header = stackalloc byte[PageFormat.HeaderSize];
            int read = file.Read((long)otherPage * best.PageSize, header);
            ulong claimedTxn = read == header.Length ? PageFormat.TxnIdOf(header) : ulong.MaxValue;
            // Transaction t is written to page t % 2 (transaction 0 to both): anything else means the id itself is damaged.
            bool plausible = claimedTxn == 0 || claimedTxn % 2 == otherPage;
            if (!plausible || claimedTxn > best.TxnId) damagedNewer = otherPage;
        }
        if (best.PageCount < TreeMeta.FirstDataPage || (long)best.PageCount * best.PageSize > file.Length + best.PageSize)
            Throw.Corrupt(file.Path, 0, $"meta page claims {best.PageCount} pages but the file holds {file.Length} bytes");
        return best;
    }

    private static LightningException UnsupportedVersion(string path, uint version) =>
        new(LightningErrorCode.UnsupportedFormat, version < TreeMeta.FormatVersion
            ? $"'{path}' has tree format version {version}, older than version {TreeMeta.FormatVersion} that this build reads; " +
              "pre-release formats are not migrated: recreate the database."
            : $"'{path}' has tree format version {version}; this build reads version {TreeMeta.FormatVersion}.");

    private static TreeMeta? ReadMetaAt(IStorageFile file, long offset, ulong pageId, Span<byte> buffer, out uint version)
    {
        version = 0;
        if (file.Read(offset, buffer) < buffer.Length) return null;
        return TreeMeta.TryDecode(buffer, pageId, out version);
    }

    /// <summary>Reads a page, verifying checksum, type and self-id; throws <see cref="LightningCorruptionException"/> otherwise.</summary>
    public byte[] Read(ulong pageId, PageType expected) => Read(pageId, expected, out _);

    /// <summary>As <see cref="Read(ulong, PageType)"/>, and says whether the page had to come from the file.</summary>
    public byte[] Read(ulong pageId, PageType expected, out bool missed)
    {
        missed = !_cache.TryGet(pageId, out byte[] page);
        if (missed)
        {
            page = ReadFromDisk(pageId);
            _cache.Put(pageId, page);
        }
        CheckType(page, pageId, expected);
        return page;
    }

    /// <summary>Reads and verifies a page from the file itself, bypassing (and not filling) the cache.</summary>
    public byte[] ReadUncached(ulong pageId, PageType expected)
    {
        byte[] page = ReadFromDisk(pageId);
        CheckType(page, pageId, expected);
        return page;
    }

    private byte[] ReadFromDisk(ulong pageId)
    {
        byte[] page = GC.AllocateUninitializedArray<byte>(PageSize);
        long offset = (long)pageId * PageSize;
        int read;
        try
        {
            read = _file.Read(offset, page);
        }
        catch (IOException error)
        {
            throw LightningIOException.From(error, Path, "read");
        }
        catch (ObjectDisposedException)
        {
            throw new LightningException(LightningErrorCode.ObjectDisposed, "The database was disposed during the read.");
        }
        if (read < PageSize) Throw.Corrupt(Path, offset, $"page {pageId} lies beyond the end of the file");
        if (!PageFormat.ChecksumMatches(page, PageSize)) Throw.Corrupt(Path, offset, $"page {pageId} checksum mismatch");
        if (PageFormat.PageIdOf(page) != pageId) Throw.Corrupt(Path, offset, $"page {pageId} holds page {PageFormat.PageIdOf(page)}");
        PageType type = PageFormat.TypeOf(page);
        // Searches slice the prefix and slot arrays by the header's count: a count they cannot hold is damage.
        if ((type == PageType.Leaf || type == PageType.Internal) && !KeyPrefixArray.FitsIn(PageSize, PageFormat.CountOf(page)))
            Throw.Corrupt(Path, offset, $"page {pageId} claims {PageFormat.CountOf(page)} entries, more than a page holds");
        return page;
    }

    private void CheckType(byte[] page, ulong pageId, PageType expected)
    {
        if (PageFormat.TypeOf(page) != expected)
            Throw.Corrupt(Path, (long)pageId * PageSize, $"page {pageId} is a {PageFormat.TypeOf(page)} page where a {expected} page belongs");
    }

    /// <summary>Seals and writes a full page and makes it the cached copy.</summary>
    public void Write(ulong pageId, byte[] page)
    {
        PageFormat.Seal(page, PageSize);
        try
        {
            _file.Write((long)pageId * PageSize, page);
        }
        catch (IOException error)
        {
            _cache.Remove(pageId);
            throw LightningIOException.From(error, Path, "write");
        }
        NotePageWritten(pageId);
        _cache.Put(pageId, page);
    }

    /// <summary>Publishes <paramref name="meta"/> into the meta page its transaction id selects.</summary>
    public void WriteMeta(TreeMeta meta) => WriteMetaPage(meta, meta.TxnId % 2);

    private void WriteMetaPage(TreeMeta meta, ulong pageId)
    {
        byte[] page = new byte[PageSize];
        meta.Encode(page, pageId);
        try
        {
            _file.Write((long)pageId * PageSize, page);
        }
        catch (IOException error)
        {
            throw LightningIOException.From(error, Path, "write the meta page of");
        }
    }

    public void Sync()
    {
        try
        {
            _file.Sync();
        }
        catch (IOException error)
        {
            throw LightningIOException.From(error, Path, "fsync");
        }
    }

    public void Dispose() => _file.Dispose();
}
