using System.Collections;
using System.Data.Common;
using Lightning.Data.Execution;

namespace Lightning.Data;

/// <summary>The parameters of a <see cref="LightningCommand"/>.</summary>
public sealed class LightningParameterCollection : DbParameterCollection
{
    private readonly List<LightningParameter> _items = [];
    /// <inheritdoc />
    public override int Count => _items.Count;
    /// <inheritdoc />
    public override object SyncRoot => _items;
    /// <inheritdoc />
    public override int Add(object value) { _items.Add(Cast(value)); return _items.Count - 1; }

    /// <summary>Adds a parameter.</summary>
    public LightningParameter Add(LightningParameter parameter) { _items.Add(Cast(parameter)); return parameter; }

    /// <summary>Adds a parameter with a name and value.</summary>
    public LightningParameter AddWithValue(string? parameterName, object? value) => Add(new LightningParameter(parameterName, value));

    /// <summary>Adds a parameter with a name and type.</summary>
    public LightningParameter Add(string? parameterName, System.Data.DbType type) => Add(new LightningParameter(parameterName, type));

    private static LightningParameter Cast(object? value) => value switch
    {
        null => throw new ArgumentNullException(nameof(value)),
        LightningParameter p => p,
        _ => throw new InvalidCastException($"Only LightningParameter objects can be added, not {value.GetType().Name}."),
    };
    /// <inheritdoc />
    public override void AddRange(Array values) { foreach (object v in values) Add(v); }

    /// <summary>The parameter at <paramref name="index"/>.</summary>
    public new LightningParameter this[int index] { get => _items[index]; set => _items[index] = Cast(value); }

    /// <summary>The parameter named <paramref name="parameterName"/>.</summary>
    public new LightningParameter this[string parameterName] { get => _items[IndexOfExisting(parameterName)]; set => _items[IndexOfExisting(parameterName)] = Cast(value); }
    /// <inheritdoc />
    public override void Clear() => _items.Clear();
    /// <inheritdoc />
    public override bool Contains(object value) => value is LightningParameter p && _items.Contains(p);
    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) >= 0;
    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);
    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();
    /// <inheritdoc />
    public override int IndexOf(object value) => value is LightningParameter p ? _items.IndexOf(p) : -1;
    /// <inheritdoc />
    public override int IndexOf(string parameterName)
    {
        if (parameterName is null) return -1;
        for (int i = 0; i < _items.Count; i++)
            if (string.Equals(_items[i].ParameterName, parameterName, StringComparison.OrdinalIgnoreCase)) return i;
        string bare = Strip(parameterName);
        for (int i = 0; i < _items.Count; i++)
            if (string.Equals(Strip(_items[i].ParameterName), bare, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static string Strip(string name) => name.Length > 0 && name[0] is '@' or ':' or '$' ? name[1..] : name;
    /// <inheritdoc />
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));
    /// <inheritdoc />
    public override void Remove(object value) => _items.Remove(Cast(value));
    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);
    /// <inheritdoc />
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOfExisting(parameterName));
    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => _items[index];
    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOfExisting(parameterName)];

    private int IndexOfExisting(string parameterName)
    {
        int index = IndexOf(parameterName);
        return index >= 0 ? index : throw new IndexOutOfRangeException($"No parameter named '{parameterName}'.");
    }
    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);
    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOfExisting(parameterName)] = Cast(value);

    /// <summary>Copies every parameter's value into <paramref name="target"/> (converted to KV-SQL values).</summary>
    internal void CopyTo(ParameterValues target)
    {
        foreach (LightningParameter p in _items) target.Add(p.ParameterName, p.GetSqlValue());
    }
}
