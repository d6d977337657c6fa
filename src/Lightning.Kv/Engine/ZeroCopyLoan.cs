using System.Buffers;

namespace Lightning.Kv.Engine;

/// <summary>
/// Enforces the zero-copy lifetime rule in debug builds: the callback gets a pooled copy, which is overwritten with
/// <see cref="PoisonByte"/> the moment it returns, so a span smuggled out of the callback reads garbage in tests
/// instead of silently working until a page is evicted. Release builds lend the real memory.
/// </summary>
internal static class ZeroCopyLoan
{
    /// <summary>What a borrowed buffer holds after the callback (debug builds).</summary>
    public const byte PoisonByte = 0xDD;

    /// <summary>Overwrites a pooled buffer that was lent out (debug builds only; a no-op in release).</summary>
    public static void Poison(Span<byte> lent)
    {
#if DEBUG
        lent.Fill(PoisonByte);
#endif
    }

    /// <summary>Lends a pooled copy of <paramref name="value"/> and poisons it afterwards.</summary>
    public static void LendCopy<TState>(ReadOnlySpan<byte> value, TState state, ValueReader<TState> reader)
        where TState : allows ref struct
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(Math.Max(value.Length, 1));
        try
        {
            value.CopyTo(copy);
            reader(copy.AsSpan(0, value.Length), state);
        }
        finally
        {
            copy.AsSpan(0, value.Length).Fill(PoisonByte);
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
