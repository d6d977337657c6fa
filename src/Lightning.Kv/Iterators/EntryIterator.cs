namespace Lightning.Kv.Iterators;

/// <summary>
/// One source of a read (a memtable, the B+Tree, a transaction's own writes) seen at a snapshot: it yields
/// each user key once, with its newest visible version, which may be a deletion. Sources compose in
/// <see cref="MergingIterator"/>, which applies precedence between them.
/// </summary>
internal abstract class EntryIterator : IDisposable
{
    public abstract bool Valid { get; }

    /// <summary>The current key; valid until the iterator moves.</summary>
    public abstract ReadOnlySpan<byte> Key { get; }

    /// <summary>True when the current entry is a deletion (a tombstone hiding older sources).</summary>
    public abstract bool IsDeleted { get; }

    /// <summary>The current value; valid until the iterator moves.</summary>
    public abstract ReadOnlySpan<byte> Value { get; }

    /// <summary>Positions at the first key &gt;= <paramref name="from"/> (or the first key when <paramref name="from"/> is null).</summary>
    public abstract void SeekForward(byte[]? from);

    /// <summary>Positions at the last key &lt; <paramref name="before"/> (or the last key when <paramref name="before"/> is null).</summary>
    public abstract void SeekBackward(byte[]? before);

    public abstract void Next();

    public abstract void Previous();

    public virtual void Dispose()
    {
    }
}
