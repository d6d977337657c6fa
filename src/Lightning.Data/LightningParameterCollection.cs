using System.Collections;
using System.Data.Common;
using Lightning.Data.Execution;

namespace Lightning.Data;

// STUB: replaced by the full implementation.
/// <summary>The parameters of a <see cref="LightningCommand"/>.</summary>
public sealed class LightningParameterCollection : DbParameterCollection
{
    private readonly List<LightningParameter> _items = [];
    /// <inheritdoc />
    public override int Count => _items.Count;
    /// <inheritdoc />
    public override object SyncRoot => _items;
    /// <inheritdoc />
    public override int Add(object value) { _items.Add((LightningParameter)value); return _items.Count - 1; }
    /// <inheritdoc />
    public override void AddRange(Array values) { foreach (object v in values) Add(v); }
    /// <inheritdoc />
    public override void Clear() => _items.Clear();
    /// <inheritdoc />
    public override bool Contains(object value) => _items.Contains((LightningParameter)value);
    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) >= 0;
    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);
    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();
    /// <inheritdoc />
    public override int IndexOf(object value) => _items.IndexOf((LightningParameter)value);
    /// <inheritdoc />
    public override int IndexOf(string parameterName) => _items.FindIndex(p => p.ParameterName == parameterName);
    /// <inheritdoc />
    public override void Insert(int index, object value) => _items.Insert(index, (LightningParameter)value);
    /// <inheritdoc />
    public override void Remove(object value) => _items.Remove((LightningParameter)value);
    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);
    /// <inheritdoc />
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOf(parameterName));
    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => _items[index];
    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOf(parameterName)];
    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => _items[index] = (LightningParameter)value;
    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOf(parameterName)] = (LightningParameter)value;

    /// <summary>Copies every parameter's value into <paramref name="target"/> (converted to KV-SQL values).</summary>
    internal void CopyTo(ParameterValues target)
    {
        foreach (LightningParameter p in _items) target.Add(p.ParameterName, p.GetSqlValue());
    }
}
