namespace Lightning.Kv.Sst;

/// <summary>
/// Where a stored block lies: its offset in the file and the size of its stored bytes (raw or compressed),
/// not counting the <see cref="SstFormat.BlockTrailerSize"/>-byte trailer that follows them.
/// </summary>
internal readonly record struct SstBlockHandle(long Offset, int Size)
{
    /// <summary>The offset just past the block's trailer.</summary>
    public long End => Offset + Size + SstFormat.BlockTrailerSize;
}
