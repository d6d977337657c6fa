namespace Lightning.Kv.Tests.Recovery;

/// <summary>How a damaged copy of the database behaved.</summary>
internal enum DamageOutcome
{
    /// <summary>Open refused the database (Corruption or UnsupportedFormat).</summary>
    OpenRejected,

    /// <summary>Open succeeded; at least one read raised <see cref="LightningCorruptionException"/>.</summary>
    ReadRejected,

    /// <summary>Everything read back correctly (the damage hit bytes nothing reads, or a torn-tail record).</summary>
    Intact,
}

/// <summary>
/// Opens a damaged copy of a database with known contents (by default <see cref="CorruptionFixture"/>'s) and reads everything: point reads of every live and every
/// deleted key, then full scans in both directions. Every read must give the right answer or raise
/// <see cref="LightningCorruptionException"/>; a wrong value, a live key reported missing, a deleted key reported
/// present, or any exception that is not a Lightning one is a violation (collected as text, not thrown, so one run
/// reports every bad case).
/// </summary>
internal sealed class CorruptionChecker
{
    private readonly IReadOnlyDictionary<string, byte[]> _expected;
    private readonly IReadOnlyCollection<string> _absent;
    private readonly LightningDbOptions _options;
    private readonly KeyValuePair<string, byte[]>[] _ordered;

    public CorruptionChecker(CorruptionFixture fixture)
        : this(fixture.Expected, fixture.Absent, CorruptionFixture.Options())
    {
    }

    /// <param name="expected">Every live key and its value (may include <see cref="CorruptionFixture.SentinelKey"/>).</param>
    /// <param name="absent">Keys that must read as absent.</param>
    /// <param name="options">Options to open with.</param>
    public CorruptionChecker(IReadOnlyDictionary<string, byte[]> expected, IReadOnlyCollection<string> absent, LightningDbOptions options)
    {
        _expected = expected;
        _absent = absent;
        _options = options;
        _ordered = expected.Where(e => e.Key != CorruptionFixture.SentinelKey).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
    }

    /// <param name="path">The damaged database directory.</param>
    /// <param name="mutation">Describes the damage, for messages.</param>
    /// <param name="sentinelMayBeLost">The damage hit the sentinel's record, the last of the log, which may be discarded as torn.</param>
    /// <param name="violations">Receives a line per violation.</param>
    public DamageOutcome Check(string path, string mutation, bool sentinelMayBeLost, List<string> violations)
    {
        LightningDb db;
        try
        {
            db = LightningDb.Open(path, _options);
        }
        catch (LightningException error) when (error.Code is LightningErrorCode.Corruption or LightningErrorCode.UnsupportedFormat)
        {
            return DamageOutcome.OpenRejected;
        }
        catch (Exception error)
        {
            violations.Add($"{mutation}: Open threw {Describe(error)}");
            return DamageOutcome.OpenRejected;
        }
        bool rejected = false;
        int before = violations.Count;
        try
        {
            foreach ((string key, byte[] value) in _expected)
            {
                bool mayBeMissing = sentinelMayBeLost && key == CorruptionFixture.SentinelKey;
                Read(db, key, value, mayBeMissing, mutation, violations, ref rejected);
            }
            foreach (string key in _absent) Read(db, key, null, false, mutation, violations, ref rejected);
            Scan(db, reverse: false, sentinelMayBeLost, mutation, violations, ref rejected);
            Scan(db, reverse: true, sentinelMayBeLost, mutation, violations, ref rejected);
        }
        finally
        {
            try
            {
                db.Dispose();
            }
            catch (Exception error)
            {
                violations.Add($"{mutation}: Dispose threw {Describe(error)}");
            }
        }
        if (violations.Count > before) return DamageOutcome.ReadRejected;
        return rejected ? DamageOutcome.ReadRejected : DamageOutcome.Intact;
    }

    private static void Read(LightningDb db, string key, byte[]? expected, bool mayBeMissing, string mutation, List<string> violations, ref bool rejected)
    {
        byte[]? actual;
        try
        {
            actual = db.Get(CorruptionFixture.Bytes(key));
        }
        catch (LightningCorruptionException)
        {
            rejected = true;
            return;
        }
        catch (Exception error)
        {
            violations.Add($"{mutation}: Get({key}) threw {Describe(error)}");
            return;
        }
        if (actual is null && mayBeMissing) return;
        if (actual is null ? expected is not null : expected is null || !actual.AsSpan().SequenceEqual(expected))
            violations.Add($"{mutation}: Get({key}) returned {Show(actual)}, expected {Show(expected)}");

        // TryGet copies straight out of the page (or overflow chain) without the Get path's allocation.
        byte[] buffer = new byte[(expected?.Length ?? 0) + 16];
        bool found;
        int length;
        try
        {
            found = db.TryGet(CorruptionFixture.Bytes(key), buffer, out length);
        }
        catch (LightningCorruptionException)
        {
            rejected = true;
            return;
        }
        catch (Exception error)
        {
            violations.Add($"{mutation}: TryGet({key}) threw {Describe(error)}");
            return;
        }
        byte[]? copied = found ? buffer[..Math.Min(length, buffer.Length)] : null;
        if (copied is null ? expected is not null : expected is null || length != expected.Length || !copied.AsSpan().SequenceEqual(expected))
            violations.Add($"{mutation}: TryGet({key}) returned {Show(copied)} (length {length}), expected {Show(expected)}");
    }

    private void Scan(LightningDb db, bool reverse, bool sentinelMayBeLost, string mutation, List<string> violations, ref bool rejected)
    {
        string direction = reverse ? "reverse scan" : "forward scan";
        int position = 0;
        bool sawSentinel = false;
        try
        {
            using IEnumerator<KeyValuePair<byte[], byte[]>> scan = db.Scan(null, null, reverse).GetEnumerator();
            while (scan.MoveNext())
            {
                string key = CorruptionFixture.Text(scan.Current.Key);
                if (key == CorruptionFixture.SentinelKey)
                {
                    sawSentinel = true;
                    if (!scan.Current.Value.AsSpan().SequenceEqual(_expected[key]))
                        violations.Add($"{mutation}: {direction} returned {Show(scan.Current.Value)} for the sentinel");
                    continue;
                }
                if (position >= _ordered.Length)
                {
                    violations.Add($"{mutation}: {direction} returned extra key {key}");
                    return;
                }
                KeyValuePair<string, byte[]> want = _ordered[reverse ? _ordered.Length - 1 - position : position];
                if (key != want.Key || !scan.Current.Value.AsSpan().SequenceEqual(want.Value))
                {
                    violations.Add($"{mutation}: {direction} position {position} returned {key}={Show(scan.Current.Value)}, expected {want.Key}={Show(want.Value)}");
                    return;
                }
                position++;
            }
        }
        catch (LightningCorruptionException)
        {
            rejected = true;
            return;
        }
        catch (Exception error)
        {
            violations.Add($"{mutation}: {direction} threw {Describe(error)} after {position} keys");
            return;
        }
        if (position != _ordered.Length)
            violations.Add($"{mutation}: {direction} ended after {position} of {_ordered.Length} keys without an error");
        if (!sawSentinel && !sentinelMayBeLost && _expected.ContainsKey(CorruptionFixture.SentinelKey))
            violations.Add($"{mutation}: {direction} did not return the sentinel");
    }

    private static string Describe(Exception error) =>
        $"{error.GetType().Name} ({(error is LightningException l ? l.Code.ToString() : "not a LightningException")}): {error.Message}\n{error.StackTrace}";

    private static string Show(byte[]? value)
    {
        if (value is null) return "(absent)";
        string text = CorruptionFixture.Text(value);
        return text.Length <= 32 ? $"'{text}'" : $"'{text[..32]}…' ({value.Length} bytes)";
    }
}
