using Lightning.Kv.Platform;

namespace Lightning.Kv.Metrics;

/// <summary>Bytes handed to the operating system per kind of file, fed by <see cref="MeteredFileSystem"/>.</summary>
internal sealed class DiskWriteCounters
{
    private readonly long[] _bytes = new long[(int)MeteredFileKind.Other + 1];

    public void Add(MeteredFileKind kind, long bytes) => Interlocked.Add(ref _bytes[(int)kind], bytes);

    public long Read(MeteredFileKind kind) => Volatile.Read(ref _bytes[(int)kind]);
}
