using System.Buffers.Binary;

namespace Lightning.Kv.Encoding;

/// <summary>Walks an encoded write set (see <see cref="WriteSetBuilder"/>) without allocating.</summary>
internal ref struct WriteSetReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private uint _remaining;

    public WriteSetReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        if (data.Length < 4) { Malformed = true; return; }
        _remaining = BinaryPrimitives.ReadUInt32LittleEndian(data);
        _position = 4;
    }

    public EntryKind Kind { get; private set; }
    public ReadOnlySpan<byte> Key { get; private set; }
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>Set when the data ended early or held an invalid field.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Entries in the write set according to its header.</summary>
    public static uint CountOf(ReadOnlySpan<byte> data) =>
        data.Length < 4 ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(data);

    public bool MoveNext()
    {
        if (_remaining == 0 || Malformed)
        {
            if (!Malformed && _position != _data.Length) Malformed = true;
            return false;
        }
        _remaining--;
        ReadOnlySpan<byte> rest = _data[_position..];
        if (rest.Length < 2 || (rest[0] != (byte)EntryKind.Put && rest[0] != (byte)EntryKind.Delete)) return Fail();
        Kind = (EntryKind)rest[0];
        int at = 1;
        int n = VarInt.TryRead(rest[at..], out uint keyLength);
        if (n == 0 || keyLength == 0 || keyLength > KvLimits.MaxKeySize || rest.Length - at - n < keyLength) return Fail();
        at += n;
        Key = rest.Slice(at, (int)keyLength);
        at += (int)keyLength;
        Value = default;
        if (Kind == EntryKind.Put)
        {
            n = VarInt.TryRead(rest[at..], out uint valueLength);
            if (n == 0 || valueLength > KvLimits.MaxValueSize || rest.Length - at - n < valueLength) return Fail();
            at += n;
            Value = rest.Slice(at, (int)valueLength);
            at += (int)valueLength;
        }
        _position += at;
        return true;
    }

    private bool Fail()
    {
        Malformed = true;
        return false;
    }
}
