using System.Collections;

namespace Lightning.Kv.Metrics;

/// <summary>
/// Wraps a scan so each enumeration is counted and timed as one scan operation: from
/// <see cref="GetEnumerator"/> until the enumerator reports its end or is disposed, whichever comes first. The
/// time therefore includes whatever the caller does between rows, like a database client's query duration.
/// </summary>
internal sealed class MeteredScanEnumerable : IEnumerable<KeyValuePair<byte[], byte[]>>
{
    private readonly IEnumerable<KeyValuePair<byte[], byte[]>> _inner;
    private readonly OperationRecorder _recorder;

    public MeteredScanEnumerable(IEnumerable<KeyValuePair<byte[], byte[]>> inner, OperationRecorder recorder)
    {
        _inner = inner;
        _recorder = recorder;
    }

    public IEnumerator<KeyValuePair<byte[], byte[]>> GetEnumerator()
    {
        long start = _recorder.Start();
        return new Enumerator(_inner.GetEnumerator(), _recorder, start);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(IEnumerator<KeyValuePair<byte[], byte[]>> inner, OperationRecorder recorder, long start)
        : IEnumerator<KeyValuePair<byte[], byte[]>>
    {
        private bool _recorded;

        public KeyValuePair<byte[], byte[]> Current => inner.Current;

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (inner.MoveNext()) return true;
            RecordOnce();
            return false;
        }

        public void Reset() => inner.Reset();

        public void Dispose()
        {
            RecordOnce();
            inner.Dispose();
        }

        private void RecordOnce()
        {
            if (_recorded) return;
            _recorded = true;
            recorder.Stop(start);
        }
    }
}
