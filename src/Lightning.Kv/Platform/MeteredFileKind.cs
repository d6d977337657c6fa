namespace Lightning.Kv.Platform;

/// <summary>The kinds of file whose written bytes are counted apart (see <see cref="MeteredFileSystem"/>).</summary>
internal enum MeteredFileKind
{
    /// <summary>Write-ahead log segments (files in the <c>wal</c> directory, or ending in <c>.log</c>).</summary>
    Wal,

    /// <summary>The B+Tree page file, <c>tree.db</c>.</summary>
    Tree,

    /// <summary>Sorted string tables (<c>.sst</c>).</summary>
    Sst,

    /// <summary>Everything else (lock file, manifests, …).</summary>
    Other,
}
