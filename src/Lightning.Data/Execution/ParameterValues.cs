using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>
/// The parameter values one execution binds: by name (prefix-less, case-insensitive: <c>@id</c>, <c>:id</c>, <c>$id</c> and
/// an ADO.NET parameter named "id" or "@id" all match) and by position for <c>?</c>.
/// </summary>
internal sealed class ParameterValues
{
    public static readonly ParameterValues Empty = new();

    private readonly Dictionary<string, SqlValue> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SqlValue> _byPosition = [];

    /// <summary>Adds a value; <paramref name="name"/> may carry a prefix (@, :, $), which is ignored. Unnamed values are positional.</summary>
    public void Add(string? name, SqlValue value)
    {
        _byPosition.Add(value);
        if (string.IsNullOrEmpty(name)) return;
        if (name[0] is '@' or ':' or '$') name = name[1..];
        _byName[name] = value;
    }

    public int Count => _byPosition.Count;

    /// <summary>The value for a named parameter; false when none was supplied.</summary>
    public bool TryGet(string name, out SqlValue value) => _byName.TryGetValue(name, out value);

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

    public void Clear()
    {
        _byName.Clear();
        _byPosition.Clear();
    }
}
