namespace Lightning.Kv.Sst;

/// <summary>
/// A few spare iterators of one run, reused by later scans. Every scan opens an iterator on every level-0 run, and
/// each iterator's decode buffers (entry headers and a key arena) made level-0 runs the largest allocation of a short
/// scan: with six runs, about 10 KB per scan beyond the entries themselves, and garbage collections to match.
/// Lock-free: a slot is taken and filled with one interlocked operation each.
/// </summary>
internal sealed class SstIteratorPool(SstReader reader)
{
    // Enough for a few threads scanning the same run at once; beyond that, iterators are allocated and dropped.
    private readonly SstIterator?[] _spares = new SstIterator?[4];

    /// <summary>A spare iterator, or a new one; unpositioned either way.</summary>
    public SstIterator Rent()
    {
        for (int i = 0; i < _spares.Length; i++)
        {
            SstIterator? spare = Interlocked.Exchange(ref _spares[i], null);
            if (spare is not null)
            {
                spare.OnRented();
                return spare;
            }
        }
        var created = new SstIterator(reader, this);
        created.OnRented();
        return created;
    }

    /// <summary>Keeps <paramref name="iterator"/> (already unpositioned) for a later scan, when a slot is free.</summary>
    public void Return(SstIterator iterator)
    {
        for (int i = 0; i < _spares.Length; i++)
            if (Interlocked.CompareExchange(ref _spares[i], iterator, null) is null) return;
    }
}
