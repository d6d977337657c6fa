using System.Collections;
using System.Data.Common;

namespace Lightning.Data;

/// <summary>The commands of a <see cref="LightningBatch"/>.</summary>
public sealed class LightningBatchCommandCollection : DbBatchCommandCollection
{
    private readonly List<LightningBatchCommand> _commands = [];

    /// <inheritdoc />
    public override int Count => _commands.Count;

    /// <inheritdoc />
    public override bool IsReadOnly => false;

    /// <inheritdoc />
    public override void Add(DbBatchCommand item) => _commands.Add(Cast(item));

    /// <inheritdoc />
    public override void Clear() => _commands.Clear();

    /// <inheritdoc />
    public override bool Contains(DbBatchCommand item) => _commands.Contains(Cast(item));

    /// <inheritdoc />
    public override void CopyTo(DbBatchCommand[] array, int arrayIndex)
    {
        for (int i = 0; i < _commands.Count; i++) array[arrayIndex + i] = _commands[i];
    }

    /// <inheritdoc />
    public override IEnumerator<DbBatchCommand> GetEnumerator() => _commands.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(DbBatchCommand item) => _commands.IndexOf(Cast(item));

    /// <inheritdoc />
    public override void Insert(int index, DbBatchCommand item) => _commands.Insert(index, Cast(item));

    /// <inheritdoc />
    public override bool Remove(DbBatchCommand item) => _commands.Remove(Cast(item));

    /// <inheritdoc />
    public override void RemoveAt(int index) => _commands.RemoveAt(index);

    /// <summary>The command at <paramref name="index"/>.</summary>
    public new LightningBatchCommand this[int index]
    {
        get => _commands[index];
        set => _commands[index] = value;
    }

    /// <inheritdoc />
    protected override DbBatchCommand GetBatchCommand(int index) => _commands[index];

    /// <inheritdoc />
    protected override void SetBatchCommand(int index, DbBatchCommand batchCommand) => _commands[index] = Cast(batchCommand);

    private static LightningBatchCommand Cast(DbBatchCommand item) =>
        item as LightningBatchCommand ?? throw new ArgumentException("Only LightningBatchCommand instances can be added.", nameof(item));
}
