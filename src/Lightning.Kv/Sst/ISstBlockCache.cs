namespace Lightning.Kv.Sst;

/// <summary>
/// Where an <see cref="SstReader"/> keeps data blocks it has read, so hot blocks are neither read nor decompressed
/// again. Blocks are stored decompressed and verified; a block handed to <see cref="Put"/> is never modified
/// afterwards, and a block returned by <see cref="TryGet"/> must stay unmodified while readers use it.
/// Implementations must be thread-safe. The engine backs it with its ARC cache.
/// </summary>
internal interface ISstBlockCache
{
    /// <summary>Looks up the block of file <paramref name="fileNumber"/> stored at <paramref name="blockOffset"/>.</summary>
    bool TryGet(ulong fileNumber, long blockOffset, out byte[] block);

    /// <summary>Offers a block that was just read and verified; the cache may keep or drop it.</summary>
    void Put(ulong fileNumber, long blockOffset, byte[] block);
}
