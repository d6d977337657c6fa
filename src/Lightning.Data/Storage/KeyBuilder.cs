using System.Buffers;

namespace Lightning.Data.Storage;

/// <summary>A growable byte buffer for building keys and rows; starts on a caller's stack buffer and rents from
/// <see cref="ArrayPool{T}"/> only when that is too small. Call <see cref="Dispose"/> to return a rented array.</summary>
internal ref struct KeyBuilder
{
    private Span<byte> _buffer;
    private byte[]? _rented;

    public KeyBuilder(Span<byte> initial)
    {
        _buffer = initial;
        _rented = null;
        Length = 0;
    }

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

    public readonly Span<byte> WrittenSpan => _buffer[..Length];

    public void Append(byte value) => Reserve(1)[0] = value;

    public void Append(scoped ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Extends the written region by <paramref name="count"/> bytes and returns them for the caller to fill.</summary>
    public Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length) Grow(Length + count);
        Span<byte> span = _buffer.Slice(Length, count);
        Length += count;
        return span;
    }

    /// <summary>Drops everything after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = length;

    public readonly byte[] ToArray() => _buffer[..Length].ToArray();

    public void Dispose()
    {
        if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
        _rented = null;
    }

    private void Grow(int needed)
    {
        byte[] next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer[..Length].CopyTo(next);
        if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
        _rented = next;
        _buffer = next;
    }
}
