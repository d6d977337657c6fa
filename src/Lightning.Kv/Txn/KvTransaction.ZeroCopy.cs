namespace Lightning.Kv;

// Zero-copy reads inside a transaction: its own buffered writes first, then its snapshot.
public sealed partial class KvTransaction
{
    /// <summary>
    /// Looks up <paramref name="key"/> as this transaction sees it (its own uncommitted writes win, otherwise its
    /// snapshot) and, when present, calls <paramref name="reader"/> once with the value in place, without copying
    /// or allocating. The span must not be used after <paramref name="reader"/> returns (see
    /// <see cref="LightningDb.TryRead{TState}"/>).
    /// </summary>
    /// <returns>True when the key was found and <paramref name="reader"/> was called; false when it is absent or deleted.</returns>
    public bool TryRead<TState>(ReadOnlySpan<byte> key, TState state, ValueReader<TState> reader)
        where TState : allows ref struct
    {
        KvLimits.CheckKey(key);
        if (reader is null) Throw.Invalid("The value reader must not be null.");
        ThrowIfCompleted();
        if (_writes is not null && _writes.TryGet(key, out byte[]? own))
        {
            if (own is null) return false;
            LightningDb.Lend(own, state, reader);
            return true;
        }
        return _db.TryReadAt(_snapshot, key, state, reader);
    }
}
