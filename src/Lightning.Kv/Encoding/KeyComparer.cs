namespace Lightning.Kv.Encoding;

/// <summary>
/// Lexicographic unsigned byte order, the order of every key in Lightning. Comparison is
/// <see cref="MemoryExtensions.SequenceCompareTo{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, which for bytes the BCL
/// vectorizes (<c>SpanHelpers.SequenceCompareTo(ref byte, int, ref byte, int)</c>: 32 bytes per step with AVX2,
/// 16 with SSE2/AdvSIMD, a word-sized tail; the first mismatch is located with a movemask and a trailing-zero
/// count), so there is no scalar byte loop to replace. Tree-page searches avoid most full comparisons altogether
/// through the 8-byte <see cref="KeyPrefix"/> array.
/// </summary>
internal sealed class KeyComparer : IComparer<byte[]>
{
    public static readonly KeyComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
