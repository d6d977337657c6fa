namespace Lightning.Kv;

/// <summary>What <see cref="LightningDb.Verify"/> found.</summary>
public sealed class VerifyResult
{
    internal VerifyResult(IReadOnlyList<string> problems, long pagesChecked, long treeEntries, int treeHeight, long freePages,
        int level0Runs = 0, long level0Entries = 0)
    {
        Level0Runs = level0Runs;
        Level0Entries = level0Entries;
        Problems = problems;
        PagesChecked = pagesChecked;
        TreeEntries = treeEntries;
        TreeHeight = treeHeight;
        FreePages = freePages;
    }

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Each problem found, naming the page and what is wrong with it.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Tree, overflow and free-list pages read and verified from disk.</summary>
    public long PagesChecked { get; }

    /// <summary>Keys found in the B+Tree (not counting writes still in the memtable).</summary>
    public long TreeEntries { get; }

    /// <summary>Levels of the B+Tree (0 when empty).</summary>
    public int TreeHeight { get; }

    /// <summary>Pages on the free list or waiting for snapshots to release them.</summary>
    public long FreePages { get; }

    /// <summary>Level-0 run files read and verified (every block's checksum, key order).</summary>
    public int Level0Runs { get; }

    /// <summary>Entries (puts and deletions) found in the level-0 runs.</summary>
    public long Level0Entries { get; }

    /// <inheritdoc />
    public override string ToString() =>
        IsValid
            ? $"ok: {TreeEntries} entries, height {TreeHeight}, {PagesChecked} pages checked, {FreePages} free, {Level0Runs} level-0 runs ({Level0Entries} entries)"
            : $"{Problems.Count} problem(s): " + string.Join("; ", Problems);
}
