namespace Lightning.Kv.Sst;

/// <summary>
/// Decides, block by block, whether the writer tries LZ4 at all. After <see cref="FailuresBeforeBackoff"/> blocks in a
/// row that did not compress enough, only every <see cref="ProbeInterval"/>-th block is tried, until one compresses
/// again. A flush of incompressible values (random or already-compressed bytes) spent about a fifth of its CPU time
/// compressing blocks only to store them raw; now it spends a sixteenth of that. The cost: when data turns
/// compressible again, up to <see cref="ProbeInterval"/> − 1 blocks are stored raw before attempts resume.
/// </summary>
internal struct CompressionBackoff
{
    /// <summary>Consecutive failed attempts after which attempts thin out.</summary>
    public const int FailuresBeforeBackoff = 4;

    /// <summary>While backed off, one block in this many is tried.</summary>
    public const int ProbeInterval = 16;

    private int _failures;
    private int _skipped;

    /// <summary>Whether to try compressing the next block.</summary>
    public bool ShouldTry()
    {
        if (_failures < FailuresBeforeBackoff) return true;
        if (++_skipped < ProbeInterval) return false;
        _skipped = 0;
        return true;
    }

    /// <summary>Records an attempt's outcome: a success ends the backoff, a failure counts toward it.</summary>
    public void Record(bool compressed)
    {
        if (compressed) _failures = 0;
        else if (_failures < FailuresBeforeBackoff) _failures++;
    }
}
