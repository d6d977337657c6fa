namespace Lightning.Kv.Encoding;

/// <summary>Lexicographic byte order, the order of every key in Lightning (vectorized by the BCL).</summary>
internal sealed class KeyComparer : IComparer<byte[]>
{
    public static readonly KeyComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
