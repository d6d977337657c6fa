namespace Lightning.Kv.Iterators;

/// <summary>
/// Merges sources ordered newest first: for each key the newest source that has it decides, and keys
/// whose deciding entry is a deletion are skipped. Moves in one direction, chosen by the seek.
/// </summary>
internal sealed class MergingIterator : IDisposable
{
    private readonly EntryIterator[] _sources;
    private readonly byte[] _keyScratch = new byte[KvLimits.MaxKeySize];
    private int _current = -1;
    private bool _reverse;

    public MergingIterator(EntryIterator[] sources) => _sources = sources;

    public bool Valid => _current >= 0;

    public ReadOnlySpan<byte> Key => _sources[_current].Key;

    public ReadOnlySpan<byte> Value => _sources[_current].Value;

    /// <summary>Forward: first live key &gt;= from. Reverse: last live key &lt; to.</summary>
    public void Seek(byte[]? from, byte[]? to, bool reverse)
    {
        _reverse = reverse;
        foreach (EntryIterator source in _sources)
        {
            if (reverse) source.SeekBackward(to);
            else source.SeekForward(from);
        }
        SelectLive();
    }

    public void Move()
    {
        AdvancePast();
        SelectLive();
    }

    private void SelectLive()
    {
        while (true)
        {
            SelectCurrent();
            if (_current < 0 || !_sources[_current].IsDeleted) return;
            AdvancePast();
        }
    }

    /// <summary>Moves every source positioned on the current key past it.</summary>
    private void AdvancePast()
    {
        ReadOnlySpan<byte> current = _sources[_current].Key;
        current.CopyTo(_keyScratch);
        ReadOnlySpan<byte> key = _keyScratch.AsSpan(0, current.Length);
        foreach (EntryIterator source in _sources)
        {
            if (!source.Valid || !source.Key.SequenceEqual(key)) continue;
            if (_reverse) source.Previous();
            else source.Next();
        }
    }

    private void SelectCurrent()
    {
        int best = -1;
        for (int i = 0; i < _sources.Length; i++)
        {
            EntryIterator source = _sources[i];
            if (!source.Valid) continue;
            if (best < 0)
            {
                best = i;
                continue;
            }
            int c = source.Key.SequenceCompareTo(_sources[best].Key);
            // Strictly better only: on a tie the earlier (newer) source keeps precedence.
            if (_reverse ? c > 0 : c < 0) best = i;
        }
        _current = best;
    }

    public void Dispose()
    {
        foreach (EntryIterator source in _sources) source.Dispose();
    }
}
