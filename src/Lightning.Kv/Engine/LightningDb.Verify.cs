using Lightning.Kv.BTree;
using Lightning.Kv.Engine;

namespace Lightning.Kv;

// The integrity check: every page of the tree file read from disk and checked.
public sealed partial class LightningDb
{
    /// <summary>
    /// Checks the database file's integrity, reading every page from disk: checksums, key order, tree shape,
    /// overflow chains, the entry count, and that every page is reachable exactly once or free. Runs alongside
    /// reads and writes; background flushes wait while it runs. (The write-ahead log is verified at open.)
    /// </summary>
    public VerifyResult Verify()
    {
        ThrowIfDisposed();
        _metrics.TreeLockWait.Enter(_treeLock);
        try
        {
            TreeRoot tree = _versions.Current.Tree;
            var verifier = new TreeVerifier(_pageFile);
            verifier.Verify(tree, _allocator.Save());
            return new VerifyResult(verifier.Problems, verifier.PagesChecked, verifier.Entries, tree.Height,
                _allocator.FreeCount + _allocator.PendingCount);
        }
        finally
        {
            _treeLock.Exit();
        }
    }
}
