using System.Runtime.CompilerServices;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// Point lookup inside one decoded data block: binary search over the restart keys, then a forward scan of one
/// restart interval, rebuilding prefix-compressed keys in a stack buffer. Allocates nothing.
/// </summary>
internal static class SstBlockSearch
{
    /// <summary>Finds <paramref name="key"/> in <paramref name="block"/>; on success reports where its value lies in the block.</summary>
    [SkipLocalsInit]
    public static bool TryFind(ReadOnlySpan<byte> block, ReadOnlySpan<byte> key, string path, long blockOffset,
        out EntryKind kind, out ulong sequence, out int valueOffset, out int valueLength)
    {
        kind = default;
        sequence = 0;
        valueOffset = 0;
        valueLength = 0;
        int limit = SstBlockEntry.ReadRestartArray(block, path, blockOffset, out int restartCount);
        int restart = SstBlockEntry.FindRestart(block, limit, restartCount, key, strictlyLess: false, path, blockOffset);
        if (restart < 0) return false;
        // Entries of this interval are <= the next restart key, which is > key: the scan ends inside the interval.
        int end = restart + 1 < restartCount ? SstBlockEntry.RestartOffset(block, limit, restart + 1, path, blockOffset) : limit;
        Span<byte> current = stackalloc byte[KvLimits.MaxKeySize];
        int currentLength = 0;
        int offset = SstBlockEntry.RestartOffset(block, limit, restart, path, blockOffset);
        while (offset < end)
        {
            int suffix = SstBlockEntry.DecodeHeader(block, offset, limit, currentLength, path, blockOffset,
                out int shared, out int unshared, out int length, out EntryKind entryKind, out ulong entrySequence);
            block.Slice(suffix, unshared).CopyTo(current[shared..]);
            currentLength = shared + unshared;
            int c = current[..currentLength].SequenceCompareTo(key);
            if (c == 0)
            {
                kind = entryKind;
                sequence = entrySequence;
                valueOffset = suffix + unshared;
                valueLength = length;
                return true;
            }
            if (c > 0) return false;
            offset = suffix + unshared + length;
        }
        return false;
    }
}
