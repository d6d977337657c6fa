using System.Text;
using Lightning.Kv.CrashWriter;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// The expected contents of the crash-test database, rebuilt from the writer's acknowledgement log: every
/// acknowledged commit is applied in order; the one commit that may have been in flight at the kill is kept aside
/// until the reopened database shows whether it made it (whole) or not (not at all).
/// </summary>
internal sealed class CrashModel
{
    private readonly SortedDictionary<string, byte[]> _expected = new(StringComparer.Ordinal);

    public int Count => _expected.Count;

    public long MaxIdSeen { get; private set; }

    public int AcknowledgedTotal { get; private set; }

    public int InFlightApplied { get; private set; }

    public int InFlightLost { get; private set; }

    /// <summary>Applies the acknowledged commits of one run; returns the commit in flight at the kill, if any.</summary>
    public CrashOp? ApplyLog(IReadOnlyList<string> lines, out int acknowledged)
    {
        acknowledged = 0;
        CrashOp? pending = null;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line == CrashProtocol.Opened) continue;
            if (!CrashProtocol.TryParse(line, out bool isAck, out CrashOp op))
            {
                // Only the very last line may be cut short by the kill; anything else is a protocol bug.
                Assert.True(i == lines.Count - 1, $"unparseable writer line '{line}'");
                continue;
            }
            MaxIdSeen = Math.Max(MaxIdSeen, op.Id);
            if (!isAck)
            {
                Assert.True(pending is null, $"writer began {op} while {pending} was unacknowledged");
                pending = op;
                continue;
            }
            Assert.Equal(pending, op);
            pending = null;
            Apply(op);
            acknowledged++;
        }
        AcknowledgedTotal += acknowledged;
        return pending;
    }

    public void Put(string key, byte[] value) => _expected[key] = value;

    /// <summary>Decides from the database whether the in-flight commit happened; it must be all or nothing.</summary>
    public void ResolveInFlight(LightningDb db, CrashOp op)
    {
        bool allNew = true, allOld = true;
        var details = new StringBuilder();
        foreach ((string key, byte[]? value) in Final(op))
        {
            byte[]? actual = db.Get(CrashProtocol.Bytes(key));
            _expected.TryGetValue(key, out byte[]? old);
            bool isNew = Same(actual, value), isOld = Same(actual, old);
            allNew &= isNew;
            allOld &= isOld;
            details.Append($"\n  {key}: found {Show(actual)}, before {Show(old)}, after {Show(value)}");
        }
        Assert.True(allNew || allOld, $"the commit in flight at the kill ({op}) is partly present:{details}");
        if (allNew && !allOld)
        {
            Apply(op);
            InFlightApplied++;
        }
        else if (!allNew)
        {
            InFlightLost++;
        }
    }

    /// <summary>Point reads of every expected key and both scan directions must match the model exactly.</summary>
    public void Verify(LightningDb db, string context)
    {
        foreach ((string key, byte[] value) in _expected)
        {
            byte[]? actual = db.Get(CrashProtocol.Bytes(key));
            if (!Same(actual, value)) Assert.Fail($"{context}: key {key} holds {Show(actual)}, expected {Show(value)}");
        }
        // Keys the writer may have deleted must be gone.
        for (int k = 0; k < CrashProtocol.SingleKeyCount; k++)
        {
            string key = CrashProtocol.SingleKey(k);
            if (!_expected.ContainsKey(key))
                Assert.True(db.Get(CrashProtocol.Bytes(key)) is null, $"{context}: deleted key {key} is present");
        }
        CompareScan(db.Scan(null, null), _expected, context + " (forward scan)");
        CompareScan(db.Scan(null, null, reverse: true), _expected.Reverse(), context + " (reverse scan)");
    }

    private static void CompareScan(IEnumerable<KeyValuePair<byte[], byte[]>> scan, IEnumerable<KeyValuePair<string, byte[]>> expected, string context)
    {
        using IEnumerator<KeyValuePair<string, byte[]>> want = expected.GetEnumerator();
        int position = 0;
        foreach (KeyValuePair<byte[], byte[]> entry in scan)
        {
            string key = System.Text.Encoding.ASCII.GetString(entry.Key);
            if (!want.MoveNext()) Assert.Fail($"{context}: unexpected extra key {key} at position {position}");
            if (want.Current.Key != key) Assert.Fail($"{context}: position {position} holds key {key}, expected {want.Current.Key}");
            if (!Same(entry.Value, want.Current.Value))
                Assert.Fail($"{context}: key {key} holds {Show(entry.Value)}, expected {Show(want.Current.Value)}");
            position++;
        }
        if (want.MoveNext()) Assert.Fail($"{context}: scan ended after {position} keys; missing {want.Current.Key}");
    }

    /// <summary>The final value per key of a commit (a write set's later entries win).</summary>
    private static Dictionary<string, byte[]?> Final(CrashOp op)
    {
        var final = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach ((string key, byte[]? value) in op.Writes()) final[key] = value;
        return final;
    }

    private void Apply(CrashOp op)
    {
        foreach ((string key, byte[]? value) in Final(op))
        {
            if (value is null) _expected.Remove(key);
            else _expected[key] = value;
        }
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Show(byte[]? value)
    {
        if (value is null) return "(absent)";
        string text = System.Text.Encoding.ASCII.GetString(value);
        return text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…' ({value.Length} bytes)";
    }
}
