namespace Lightning.Kv.Platform;

/// <summary>
/// What every engine background thread (the flusher today, compaction threads later) calls when it starts and
/// when it ends, so that it runs on the database's NUMA node when <see cref="NumaPlacement.ShouldPin"/>.
/// </summary>
/// <remarks>The file is named for the NUMA feature it belongs to; the class for what callers do with it.</remarks>
internal static class BackgroundThreadPlacement
{
    /// <summary>
    /// Pins the calling thread to the placement's node; a no-op (false) when the placement pins nothing or the
    /// kernel refuses. A thread for which this returned true calls <see cref="Release"/> before it ends.
    /// </summary>
    public static bool Apply(NumaPlacement placement)
    {
        if (placement.Node is not { } node) return false;
        bool pinned = ThreadAffinity.TryPinCurrentThread(node.Cpus);
        placement.ReportPinned(pinned);
        return pinned;
    }

    /// <summary>Reports that a thread pinned by <see cref="Apply"/> is ending.</summary>
    public static void Release(NumaPlacement placement) => placement.ReportThreadEnded();
}
