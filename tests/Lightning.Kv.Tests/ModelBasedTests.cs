namespace Lightning.Kv.Tests;

/// <summary>
/// Seeded random operations on a database with tiny memtables and 4 KiB pages (so flushes, splits, merges and
/// overflow pages happen constantly), checked against a sorted in-memory model, with reopens along the way.
/// Besides point reads and scans it keeps a long-lived snapshot transaction and a slowly advancing scan open
/// across writes and flushes, to catch pages being reused while a reader can still reach them.
/// </summary>
public sealed class ModelBasedTests
{
    private static readonly IComparer<byte[]> ByteOrder = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));

    // The compaction trigger varies: 8 (the default: level 0 grows, reads merge many runs), 2 and 1 (compaction after
    // nearly every flush, so compactions run under the pinned snapshot and the open scan all the time).
    [Theory]
    [InlineData(1, 40_000, 8)]
    [InlineData(2, 40_000, 2)]
    [InlineData(3, 40_000, 1)]
    public void RandomOperationsMatchTheModel(int seed, int operations, int level0Trigger) => new Run(seed, level0Trigger).Execute(operations);

    private sealed class Run
    {
        // Around the overflow threshold (a quarter of a 4 KiB page) and page multiples of overflow chains.
        private static readonly int[] Boundaries = [1024, 4096, 8192, 3 * 4096];

        private readonly Random _random;
        private readonly byte[][] _keys;
        private readonly SortedDictionary<byte[], byte[]> _model = new(ByteOrder);
        private LightningDb _db = null!;
        private TestDirectory _dir = null!;
        private int _op;

        // A long-lived read-only transaction and the model as it was when it began.
        private KvTransaction? _pinned;
        private SortedDictionary<byte[], byte[]>? _pinnedModel;
        private int _pinnedUntil;

        // A scan advanced a step at a time while other operations run, with the entries it must produce.
        private IEnumerator<KeyValuePair<byte[], byte[]>>? _cursor;
        private Queue<KeyValuePair<byte[], byte[]>>? _cursorExpected;

        private readonly int _level0Trigger;

        public Run(int seed, int level0Trigger)
        {
            _level0Trigger = level0Trigger;
            _random = new Random(seed);
            var keys = new HashSet<byte[]>(new ByteArrayEquality());
            byte[] alphabet = [0x00, 0x01, 0x41, 0x42, 0x7F, 0x80, 0xFE, 0xFF];
            // Long keys sharing long prefixes, and keys that are prefixes of one another, stress separators.
            byte[] prefix = new byte[_random.Next(500, 1000)];
            _random.NextBytes(prefix);
            while (keys.Count < 30)
            {
                byte[] key = [.. prefix.AsSpan(0, _random.Next(prefix.Length - 50, prefix.Length)), .. new byte[_random.Next(0, 3)]];
                keys.Add(key);
                keys.Add([.. key, 0x00]);
            }
            while (keys.Count < 400)
            {
                int length = _random.Next(20) == 0 ? _random.Next(900, KvLimits.MaxKeySize + 1) : _random.Next(1, 8);
                var key = new byte[length];
                for (int i = 0; i < length; i++) key[i] = alphabet[_random.Next(alphabet.Length)];
                keys.Add(key);
            }
            _keys = keys.ToArray();
        }

        private LightningDbOptions Options(Durability durability)
        {
            LightningDbOptions options = TestDirectory.SmallOptions(durability);
            options.Level0CompactionTrigger = _level0Trigger;
            return options;
        }

        public void Execute(int operations)
        {
            using var dir = new TestDirectory("model");
            _dir = dir;
            _db = LightningDb.Open(dir.Path, Options(Durability.None));
            try
            {
                for (_op = 0; _op < operations; _op++)
                {
                    // Alternate growing and shrinking phases so the tree both splits and empties out.
                    bool deleteHeavy = _op / 2500 % 2 == 1;
                    int dice = _random.Next(1000);
                    if (dice < (deleteHeavy ? 150 : 330)) Put();
                    else if (dice < 450) Delete();
                    else if (dice < 500) Batch();
                    else if (dice < 550) Transaction();
                    else if (dice < 850) Get();
                    else if (dice < 900) Scan();
                    else if (dice < 990) StepCursor();
                    else if (dice < 994) CheckPinned();
                    else if (dice < 997) _db.Flush();
                    else if (dice < 998) Pin();
                    else if (_random.Next(4) == 0) Reopen();
                    if (_pinned is not null && _op >= _pinnedUntil) ClosePinned();
                }
                Reopen();
                CheckEverything();
            }
            finally
            {
                _cursor?.Dispose();
                _pinned?.Dispose();
                _db.Dispose();
            }
        }

        private string Where => $"(op {_op})";

        private byte[] AnyKey() => _keys[_random.Next(_keys.Length)];

        private byte[] AnyValue()
        {
            int dice = _random.Next(100);
            int length = dice < 5 ? 0 : dice < 65 ? _random.Next(1, 100) : dice < 83 ? _random.Next(100, 1024)
                : dice < 88 ? Boundaries[_random.Next(Boundaries.Length)] + _random.Next(-2, 3)
                : dice < 98 ? _random.Next(1025, 6000) : _random.Next(6000, 40_000);
            var value = new byte[length];
            _random.NextBytes(value);
            if (length >= 4) BitConverter.TryWriteBytes(value, _op); // keep successive values distinct
            return value;
        }

        private byte[]? AnyBound()
        {
            int dice = _random.Next(10);
            if (dice < 2) return null;
            if (dice < 7) return AnyKey();
            var bound = new byte[_random.Next(1, 4)];
            _random.NextBytes(bound);
            return bound;
        }

        private void Put()
        {
            byte[] key = AnyKey(), value = AnyValue();
            _db.Put(key, value);
            _model[key] = value;
        }

        private void Delete()
        {
            byte[] key = AnyKey();
            _db.Delete(key);
            _model.Remove(key);
        }

        private void Batch()
        {
            var batch = new WriteBatch();
            var changes = new List<(byte[] Key, byte[]? Value)>();
            int count = _random.Next(1, 25);
            for (int i = 0; i < count; i++)
            {
                byte[] key = i > 0 && _random.Next(5) == 0 ? changes[_random.Next(changes.Count)].Key : AnyKey();
                if (_random.Next(3) == 0)
                {
                    batch.Delete(key);
                    changes.Add((key, null));
                }
                else
                {
                    byte[] value = AnyValue();
                    batch.Put(key, value);
                    changes.Add((key, value));
                }
            }
            _db.Write(batch);
            foreach ((byte[] key, byte[]? value) in changes) Apply(_model, key, value);
        }

        private void Transaction()
        {
            var overlay = new SortedDictionary<byte[], byte[]>(_model, ByteOrder);
            using KvTransaction txn = _db.BeginTransaction();
            int count = _random.Next(1, 12);
            for (int i = 0; i < count; i++)
            {
                byte[] key = AnyKey();
                switch (_random.Next(5))
                {
                    case 0:
                        txn.Delete(key);
                        overlay.Remove(key);
                        break;
                    case 1:
                        AssertValue(overlay, key, txn.Get(key), "txn get");
                        break;
                    case 2 when _random.Next(4) == 0:
                        byte[]? from = AnyBound(), to = AnyBound();
                        bool reverse = _random.Next(2) == 0;
                        AssertSameEntries(Expected(overlay, from, to, reverse), txn.Scan(from, to, reverse), "txn scan");
                        break;
                    default:
                        byte[] value = AnyValue();
                        txn.Put(key, value);
                        overlay[key] = value;
                        break;
                }
            }
            if (_random.Next(5) == 0)
            {
                if (_random.Next(2) == 0) txn.Rollback();
                return; // rolled back or disposed: the model is unchanged
            }
            txn.Commit(); // single-threaded, no other writer since it began: it must not conflict
            _model.Clear();
            foreach (var (key, value) in overlay) _model[key] = value;
        }

        private void Get()
        {
            byte[] key = _random.Next(50) == 0 ? [0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42] : AnyKey();
            if (_random.Next(4) == 0)
            {
                var buffer = new byte[_random.Next(0, 2000)];
                bool found = _db.TryGet(key, buffer, out int length);
                Assert.True(found == _model.ContainsKey(key), $"TryGet presence {Where}");
                if (!found) return;
                byte[] expected = _model[key];
                Assert.Equal(expected.Length, length);
                if (length <= buffer.Length) Assert.True(expected.AsSpan().SequenceEqual(buffer.AsSpan(0, length)), $"TryGet value {Where}");
                return;
            }
            AssertValue(_model, key, _db.Get(key), "get");
        }

        private void Scan()
        {
            byte[]? from = AnyBound(), to = AnyBound();
            bool reverse = _random.Next(2) == 0;
            AssertSameEntries(Expected(_model, from, to, reverse), _db.Scan(from, to, reverse), "scan");
        }

        private void StepCursor()
        {
            if (_cursor is null)
            {
                byte[]? from = AnyBound(), to = AnyBound();
                bool reverse = _random.Next(2) == 0;
                _cursor = _db.Scan(from, to, reverse).GetEnumerator(); // the snapshot is taken here
                _cursorExpected = new Queue<KeyValuePair<byte[], byte[]>>(Expected(_model, from, to, reverse));
            }
            bool moved = _cursor.MoveNext();
            Assert.True(moved == _cursorExpected!.Count > 0, $"cursor length {Where}");
            if (!moved)
            {
                _cursor.Dispose();
                _cursor = null;
                return;
            }
            KeyValuePair<byte[], byte[]> expected = _cursorExpected.Dequeue();
            Assert.True(expected.Key.AsSpan().SequenceEqual(_cursor.Current.Key), $"cursor key {Where}");
            Assert.True(expected.Value.AsSpan().SequenceEqual(_cursor.Current.Value), $"cursor value {Where}");
        }

        private void Pin()
        {
            if (_pinned is not null) return;
            _pinned = _db.BeginTransaction();
            _pinnedModel = new SortedDictionary<byte[], byte[]>(_model, ByteOrder);
            _pinnedUntil = _op + _random.Next(300, 3000);
        }

        private void CheckPinned()
        {
            if (_pinned is null) return;
            byte[] key = AnyKey();
            AssertValue(_pinnedModel!, key, _pinned.Get(key), "pinned get");
            if (_random.Next(5) == 0)
            {
                bool reverse = _random.Next(2) == 0;
                AssertSameEntries(Expected(_pinnedModel!, null, null, reverse), _pinned.Scan(null, null, reverse), "pinned scan");
            }
        }

        private void ClosePinned()
        {
            bool reverse = _random.Next(2) == 0;
            AssertSameEntries(Expected(_pinnedModel!, null, null, reverse), _pinned!.Scan(null, null, reverse), "pinned final scan");
            _pinned.Commit(); // read-only: never conflicts
            _pinned = null;
            _pinnedModel = null;
        }

        private void Reopen()
        {
            if (_pinned is not null) ClosePinned();
            _cursor?.Dispose();
            _cursor = null;
            if (_random.Next(2) == 0) _db.Flush();
            _db.Dispose();
            _db = LightningDb.Open(_dir.Path, Options(_random.Next(3) == 0 ? Durability.Normal : Durability.None));
            CheckEverything();
        }

        private void CheckEverything()
        {
            AssertSameEntries(Expected(_model, null, null, false), _db.Scan(null, null), "full scan");
            AssertSameEntries(Expected(_model, null, null, true), _db.Scan(null, null, reverse: true), "full reverse scan");
            foreach (byte[] key in _keys) AssertValue(_model, key, _db.Get(key), "full check get");
        }

        private static void Apply(SortedDictionary<byte[], byte[]> model, byte[] key, byte[]? value)
        {
            if (value is null) model.Remove(key);
            else model[key] = value;
        }

        private static List<KeyValuePair<byte[], byte[]>> Expected(SortedDictionary<byte[], byte[]> model, byte[]? from, byte[]? to, bool reverse)
        {
            var result = new List<KeyValuePair<byte[], byte[]>>();
            foreach (KeyValuePair<byte[], byte[]> entry in model)
            {
                if (from is not null && ByteOrder.Compare(entry.Key, from) < 0) continue;
                if (to is not null && ByteOrder.Compare(entry.Key, to) >= 0) break;
                result.Add(entry);
            }
            if (reverse) result.Reverse();
            return result;
        }

        private void AssertValue(SortedDictionary<byte[], byte[]> model, byte[] key, byte[]? actual, string what)
        {
            if (!model.TryGetValue(key, out byte[]? expected))
            {
                Assert.True(actual is null, $"{what}: key 0x{Convert.ToHexString(key)} should be absent {Where}");
                return;
            }
            Assert.True(actual is not null, $"{what}: key 0x{Convert.ToHexString(key)} is missing {Where}");
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what}: wrong value ({actual.Length} bytes, expected {expected.Length}) for 0x{Convert.ToHexString(key)} {Where}");
        }

        private void AssertSameEntries(List<KeyValuePair<byte[], byte[]>> expected, IEnumerable<KeyValuePair<byte[], byte[]>> actual, string what)
        {
            int i = 0;
            foreach (KeyValuePair<byte[], byte[]> entry in actual)
            {
                Assert.True(i < expected.Count, $"{what}: extra entry 0x{Convert.ToHexString(entry.Key)} {Where}");
                Assert.True(expected[i].Key.AsSpan().SequenceEqual(entry.Key),
                    $"{what}: entry {i} is 0x{Convert.ToHexString(entry.Key)}, expected 0x{Convert.ToHexString(expected[i].Key)} {Where}");
                Assert.True(expected[i].Value.AsSpan().SequenceEqual(entry.Value), $"{what}: wrong value at entry {i} {Where}");
                i++;
            }
            Assert.True(i == expected.Count, $"{what}: {i} entries, expected {expected.Count} {Where}");
        }
    }

    private sealed class ByteArrayEquality : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
