using System.Buffers;

namespace Lightning.Kv.Sst;

/// <summary>
/// A verified, decoded data block held by one reader call or iterator: either shared with the block cache (never
/// modified, never returned) or in a buffer rented from <see cref="ArrayPool{T}"/> that <see cref="Release"/> returns.
/// </summary>
internal readonly struct SstBlock
{
    /// <summary>Wraps a block's contents.</summary>
    public SstBlock(byte[] array, int length, bool pooled)
    {
        Array = array;
        Length = length;
        Pooled = pooled;
    }

    /// <summary>The array holding the contents from index 0.</summary>
    public byte[] Array { get; }

    /// <summary>The length of the contents.</summary>
    public int Length { get; }

    /// <summary>True when <see cref="Array"/> is rented and must be returned by <see cref="Release"/>.</summary>
    public bool Pooled { get; }

    /// <summary>The contents.</summary>
    public ReadOnlySpan<byte> Contents => Array.AsSpan(0, Length);

    /// <summary>Returns a rented buffer to the pool; a cached block is left alone.</summary>
    public void Release()
    {
        if (Pooled) ArrayPool<byte>.Shared.Return(Array);
    }
}
