using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>
/// The parameter values one execution binds: by name (prefix-less, case-insensitive: <c>@id</c>, <c>:id</c>, <c>$id</c> and
/// an ADO.NET parameter named "id" or "@id" all match; a later value for the same name replaces an earlier one) and by
/// position for <c>?</c>. A session reuses one instance across executions. Commands rarely have more than a few named
/// parameters, so names are matched by a short scan (no hashing) and a bound parameter remembers where its name was
/// last found (<see cref="TryGet(string, ref int, out SqlValue)"/>); only large sets use a prefix-insensitive map.
/// </summary>
internal sealed class ParameterValues
{
    private const int ScanLimit = 8;

    public static readonly ParameterValues Empty = new();

    private string[] _names = new string[4];
    private SqlValue[] _named = new SqlValue[4];
    private int _namedCount;
    private readonly List<SqlValue> _byPosition = [];
    private Dictionary<string, int>? _index;
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _indexLookup;

    /// <summary>Adds a value; <paramref name="name"/> may carry a prefix (@, :, $), which is ignored. Unnamed values are positional.</summary>
    public void Add(string? name, SqlValue value)
    {
        _byPosition.Add(value);
        if (string.IsNullOrEmpty(name)) return;
        int existing = IndexOf(Bare(name));
        if (existing >= 0)
        {
            _named[existing] = value;
            return;
        }
        if (_namedCount == _names.Length)
        {
            Array.Resize(ref _names, _namedCount * 2);
            Array.Resize(ref _named, _namedCount * 2);
        }
        _names[_namedCount] = name;
        _named[_namedCount] = value;
        if (_namedCount == ScanLimit) BuildIndex();
        else if (_namedCount > ScanLimit) _index!.Add(name, _namedCount);
        _namedCount++;
    }

    public int Count => _byPosition.Count;

    /// <summary>The value for a named parameter; false when none was supplied.</summary>
    public bool TryGet(string name, out SqlValue value)
    {
        int hint = -1;
        return TryGet(name, ref hint, out value);
    }

    /// <summary>
    /// The value for a named parameter, trying position <paramref name="hint"/> first (a bound parameter passes the
    /// position where it found its name last time: with the same commands that is right, and costs one comparison).
    /// </summary>
    public bool TryGet(string name, ref int hint, out SqlValue value)
    {
        int at = hint;
        if ((uint)at >= (uint)_namedCount || !Bare(_names[at]).Equals(Bare(name), StringComparison.OrdinalIgnoreCase))
        {
            at = IndexOf(Bare(name));
            if (at < 0)
            {
                value = default;
                return false;
            }
            hint = at;
        }
        value = _named[at];
        return true;
    }

    /// <summary>The value for the <paramref name="position"/>-th <c>?</c>; false when there are not that many.</summary>
    public bool TryGet(int position, out SqlValue value)
    {
        if ((uint)position < (uint)_byPosition.Count)
        {
            value = _byPosition[position];
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        _byPosition.Clear();
        Array.Clear(_names, 0, _namedCount);
        Array.Clear(_named, 0, _namedCount);
        _namedCount = 0;
        _index?.Clear();
    }

    private int IndexOf(ReadOnlySpan<char> bare)
    {
        if (_namedCount > ScanLimit) return _indexLookup.TryGetValue(bare, out int found) ? found : -1;
        for (int i = 0; i < _namedCount; i++)
            if (Bare(_names[i]).Equals(bare, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private void BuildIndex()
    {
        if (_index is null)
        {
            _index = new Dictionary<string, int>(PrefixInsensitiveNameComparer.Instance);
            _indexLookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        }
        for (int i = 0; i <= _namedCount; i++) _index.Add(_names[i], i);
    }

    private static ReadOnlySpan<char> Bare(string name) => name.Length > 0 && name[0] is '@' or ':' or '$' ? name.AsSpan(1) : name;

    /// <summary>Keys are names as supplied ("@id"); they compare and hash without their prefix and ignoring case, so
    /// neither adding nor looking up cuts a new string.</summary>
    private sealed class PrefixInsensitiveNameComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
    {
        public static readonly PrefixInsensitiveNameComparer Instance = new();

        public bool Equals(string? x, string? y) => x is not null && y is not null && Bare(x).Equals(Bare(y), StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(string name) => string.GetHashCode(Bare(name), StringComparison.OrdinalIgnoreCase);

        public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.Equals(Bare(other), StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(ReadOnlySpan<char> alternate) => string.GetHashCode(alternate, StringComparison.OrdinalIgnoreCase);

        public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();
    }
}
