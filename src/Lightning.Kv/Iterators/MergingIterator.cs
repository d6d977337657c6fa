namespace Lightning.Kv.Iterators;

/// <summary>
/// Merges sources ordered newest first: for each key the newest source that has it decides, and keys
/// whose deciding entry is a deletion are skipped (unless the merge keeps deletions, as compaction's does). Moves in
/// one direction, chosen by the seek.
/// </summary>
internal sealed class MergingIterator : IDisposable
{
    private readonly EntryIterator[] _sources;
    private readonly byte[] _keyScratch = new byte[KvLimits.MaxKeySize];
    private readonly bool _keepDeletions;
    private int _current = -1;
    private bool _reverse;

    /// <param name="sources">The sources, newest first.</param>
    /// <param name="keepDeletions">Stop on keys whose deciding entry is a deletion too (see <see cref="IsDeleted"/>).</param>
    public MergingIterator(EntryIterator[] sources, bool keepDeletions = false)
    {
        _sources = sources;
        _keepDeletions = keepDeletions;
    }

    public bool Valid => _current >= 0;

    public ReadOnlySpan<byte> Key => _sources[_current].Key;

    public ReadOnlySpan<byte> Value => _sources[_current].Value;

    /// <summary>True when the current key's deciding entry is a deletion (only ever with keepDeletions).</summary>
    public bool IsDeleted => _sources[_current].IsDeleted;

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
            if (_current < 0 || _keepDeletions || !_sources[_current].IsDeleted) return;
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
