using FASTER.core;

namespace Lightning.Workloads.Engines;

/// <summary>
/// Microsoft FASTER KV (hash store, SpanByte keys and values, hybrid log on a local file device, 256 MiB in memory).
/// FASTER has no per-commit fsync (durability comes from checkpoints) and no ordered scan: those workloads report n/a.
/// Batches are a loop of upserts. One FASTER session per thread.
/// </summary>
internal sealed unsafe class FasterAdapter : IKvAdapter
{
    private FasterKV<SpanByte, SpanByte>? _store;
    private IDevice? _device;
    private ThreadLocal<ClientSession<SpanByte, SpanByte, SpanByte, SpanByteAndMemory, Empty, SpanByteFunctions<Empty>>>? _sessions;
    private string _directory = "";

    public string Name => "faster";
    public bool SupportsScans => false;
    public bool SupportsSyncPerCommit => false;
    public string DurabilityDescription { get; private set; } = "";

    private ClientSession<SpanByte, SpanByte, SpanByte, SpanByteAndMemory, Empty, SpanByteFunctions<Empty>> Session =>
        (_sessions ?? throw new InvalidOperationException("Not open.")).Value!;

    public void Open(string directory, bool syncPerCommit)
    {
        if (syncPerCommit) throw new NotSupportedException("FASTER has no fsync-per-commit mode (durability is by checkpoint).");
        _directory = directory;
        Directory.CreateDirectory(directory);
        _device = Devices.CreateLogDevice(Path.Combine(directory, "hlog.log"), preallocateFile: false, deleteOnClose: false);
        var logSettings = new LogSettings { LogDevice = _device, MemorySizeBits = 28, PageSizeBits = 22, SegmentSizeBits = 30 };
        var store = new FasterKV<SpanByte, SpanByte>(1L << 20, logSettings);
        _store = store;
        _sessions = new ThreadLocal<ClientSession<SpanByte, SpanByte, SpanByte, SpanByteAndMemory, Empty, SpanByteFunctions<Empty>>>(
            () => store.For(new SpanByteFunctions<Empty>()).NewSession<SpanByteFunctions<Empty>>(),
            trackAllValues: true);
        DurabilityDescription = "no fsync (log pages written to the device as they leave memory; no checkpoints taken)";
    }

    public void Put(byte[] key, byte[] value)
    {
        var session = Session;
        fixed (byte* k = key, v = value)
        {
            SpanByte keySpan = SpanByte.FromPointer(k, key.Length);
            SpanByte valueSpan = SpanByte.FromPointer(v, value.Length);
            session.Upsert(ref keySpan, ref valueSpan);
        }
    }

    public void PutBatch(byte[][] keys, byte[][] values, int start, int count)
    {
        for (int i = start; i < start + count; i++) Put(keys[i], values[i]);
    }

    public int Get(byte[] key, byte[] buffer)
    {
        var session = Session;
        fixed (byte* k = key, b = buffer)
        {
            SpanByte keySpan = SpanByte.FromPointer(k, key.Length);
            var output = new SpanByteAndMemory(SpanByte.FromPointer(b, buffer.Length));
            Status status = session.Read(ref keySpan, ref output);
            if (status.IsPending)
            {
                session.CompletePendingWithOutputs(out var completed, wait: true);
                using (completed)
                {
                    if (!completed.Next()) return -1;
                    status = completed.Current.Status;
                    output = completed.Current.Output;
                }
            }
            if (!status.Found) return -1;
            int length = output.Length;
            if (!output.IsSpanByte) output.Memory.Dispose();
            return length;
        }
    }

    public int Scan(byte[] from, int count) => throw new NotSupportedException("FASTER is a hash store: no range scans.");

    public void Settle() { }

    public long DiskSize() => DirectorySize.Of(_directory);

    public void Dispose()
    {
        if (_sessions is not null)
        {
            foreach (var session in _sessions.Values) session.Dispose();
            _sessions.Dispose();
            _sessions = null;
        }
        _store?.Dispose();
        _device?.Dispose();
        _store = null;
        _device = null;
    }
}
