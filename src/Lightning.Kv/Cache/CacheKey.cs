using System.Runtime.CompilerServices;

namespace Lightning.Kv.Cache;

/// <summary>
/// What a cached block is: the file that owns it and where it lies in that file. Owner 0 is tree.db (the id is
/// a page id); an SST block uses its file number + 1 as the owner (so it never collides with tree.db) and its
/// byte offset as the id. <see cref="PageCache.RemoveOwner"/> drops every block of one owner at once.
/// </summary>
internal readonly struct CacheKey(ulong owner, ulong id) : IEquatable<CacheKey>
{
    /// <summary>The owner of tree.db pages.</summary>
    public const ulong TreeOwner = 0;

    /// <summary>The file: 0 for tree.db, SST file number + 1 for a table file.</summary>
    public ulong Owner { get; } = owner;

    /// <summary>The block within the file: a page id for tree.db, a byte offset for an SST.</summary>
    public ulong Id { get; } = id;

    /// <summary>The key of tree page <paramref name="pageId"/>.</summary>
    public static CacheKey ForTreePage(ulong pageId) => new(TreeOwner, pageId);

    /// <summary>The owner that stands for SST file <paramref name="fileNumber"/>.</summary>
    public static ulong OwnerOfSst(ulong fileNumber) => fileNumber + 1;

    /// <summary>The key of the block at <paramref name="blockOffset"/> in SST file <paramref name="fileNumber"/>.</summary>
    public static CacheKey ForSstBlock(ulong fileNumber, long blockOffset) => new(OwnerOfSst(fileNumber), (ulong)blockOffset);

    /// <summary>
    /// A well-mixed 64-bit hash: page ids and block offsets are dense or strided, and both the shard choice (high
    /// bits) and the shard's dictionary (low bits) need every input bit to matter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Hash()
    {
        ulong h = (Id ^ (Owner * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL;
        return h ^ (h >> 29);
    }

    /// <inheritdoc/>
    public bool Equals(CacheKey other) => Id == other.Id && Owner == other.Owner;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        ulong h = Hash();
        return (int)h ^ (int)(h >> 32);
    }

    /// <inheritdoc/>
    public override string ToString() => Owner == TreeOwner ? $"page {Id}" : $"sst {Owner - 1} @ {Id}";

    /// <summary>Equality by owner and id.</summary>
    public static bool operator ==(CacheKey left, CacheKey right) => left.Equals(right);

    /// <summary>Inequality by owner and id.</summary>
    public static bool operator !=(CacheKey left, CacheKey right) => !left.Equals(right);
}
