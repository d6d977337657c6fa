namespace Lightning.Kv;

/// <summary>
/// Receives a value read without a copy. <paramref name="value"/> is valid only until the callback returns:
/// it points into the memtable, a cached tree page or a pooled buffer that is reused afterwards. Copy what must
/// outlive the call. See docs/zero-copy.md.
/// </summary>
/// <typeparam name="TState">Whatever the callback needs (pass a struct or a ref struct to avoid a closure).</typeparam>
/// <param name="value">The value's bytes, borrowed for the duration of the call.</param>
/// <param name="state">The state given to <c>TryRead</c>.</param>
public delegate void ValueReader<TState>(ReadOnlySpan<byte> value, TState state)
    where TState : allows ref struct;
