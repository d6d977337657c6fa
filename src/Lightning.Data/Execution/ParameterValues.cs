using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>
/// The parameter values one execution binds: by name (prefix-less, case-insensitive: <c>@id</c>, <c>:id</c>, <c>$id</c> and
/// an ADO.NET parameter named "id" or "@id" all match) and by position for <c>?</c>. A session reuses one instance
/// across executions: <see cref="Clear"/> only advances a generation, so the name keys stay and a prefixed name
/// ("@id") is not cut into a new string on every execution.
/// </summary>
internal sealed class ParameterValues
{
    private const int MaxRememberedNames = 256;

    public static readonly ParameterValues Empty = new();

    private readonly Dictionary<string, (SqlValue Value, int Generation)> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (SqlValue Value, int Generation)>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;
    private readonly List<SqlValue> _byPosition = [];
    private int _generation = 1;

    public ParameterValues() => _byNameSpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Adds a value; <paramref name="name"/> may carry a prefix (@, :, $), which is ignored. Unnamed values are positional.</summary>
    public void Add(string? name, SqlValue value)
    {
        _byPosition.Add(value);
        if (string.IsNullOrEmpty(name)) return;
        if (name[0] is '@' or ':' or '$') _byNameSpan[name.AsSpan(1)] = (value, _generation);
        else _byName[name] = (value, _generation);
    }

    public int Count => _byPosition.Count;

    /// <summary>The value for a named parameter; false when none was supplied.</summary>
    public bool TryGet(string name, out SqlValue value)
    {
        if (_byName.TryGetValue(name, out (SqlValue Value, int Generation) entry) && entry.Generation == _generation)
        {
            value = entry.Value;
            return true;
        }
        value = default;
        return false;
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

    /// <summary>Forgets every value (the name keys are kept for the next execution unless there are many).</summary>
    public void Clear()
    {
        _byPosition.Clear();
        _generation++;
        if (_byName.Count > MaxRememberedNames || _generation == int.MaxValue)
        {
            _byName.Clear();
            _generation = 1;
        }
    }
}
