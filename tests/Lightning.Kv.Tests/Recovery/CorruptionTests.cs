using System.Collections.Concurrent;
using Lightning.Kv.BTree;
using Xunit.Abstractions;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>
/// Single-byte damage to each file of a closed database (see <see cref="CorruptionFixture"/>): every byte of every
/// WAL segment, and a sample of tree.db (every 97th byte plus the header fields of every page and the meta fields of
/// both meta pages). Each damaged copy is opened and read in full by <see cref="CorruptionChecker"/>: reads return
/// the right value or raise <see cref="LightningCorruptionException"/>, never a wrong or missing value and never a
/// non-Lightning exception. Cases run in parallel, each worker on its own directory.
/// More WAL-specific and tree-file damage: <see cref="WalDamageTests"/>, <see cref="TreeFileDamageTests"/>.
/// </summary>
public sealed class CorruptionTests : IClassFixture<CorruptionFixture>
{
    private readonly CorruptionFixture _fixture;
    private readonly ITestOutputHelper _output;

    public CorruptionTests(CorruptionFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>One damaged copy: XOR <paramref name="Mask"/> into the byte at <paramref name="Offset"/> of <paramref name="File"/>.</summary>
    private sealed record Mutation(string File, long Offset, byte Mask, bool SentinelMayBeLost)
    {
        public override string ToString() => $"{File}[{Offset}] ^= 0x{Mask:X2}";
    }

    [Fact]
    public void EveryByteOfEveryWalSegmentDamagedIsDetectedOrHarmless()
    {
        var mutations = new List<Mutation>();
        for (int s = 0; s < _fixture.Segments.Length; s++)
        {
            (string name, byte[] bytes) = _fixture.Segments[s];
            bool newest = s == _fixture.Segments.Length - 1;
            for (int offset = 0; offset < bytes.Length; offset++)
            {
                bool inSentinel = newest && offset >= _fixture.SentinelRecordOffset;
                string file = Path.Combine(WalFormat.Directory, name);
                mutations.Add(new Mutation(file, offset, 0xFF, inSentinel));
                mutations.Add(new Mutation(file, offset, (byte)(1 << (offset % 8)), inSentinel));
            }
        }
        Dictionary<Mutation, DamageOutcome> outcomes = Run(mutations);

        // The WAL is read in full at open, and only the final record may be discarded as a torn write, so damage
        // anywhere before the sentinel's record must make Open fail (the reads above already checked nothing was lost).
        Mutation[] missed = outcomes.Where(o => !o.Key.SentinelMayBeLost && o.Value != DamageOutcome.OpenRejected).Select(o => o.Key).ToArray();
        Assert.True(missed.Length == 0, $"{missed.Length} WAL damages before the last record were not reported at open, e.g. {string.Join(", ", missed.Take(10))}");
    }

    [Fact]
    public void SampledBytesOfTheTreeFileDamagedAreDetectedOrHarmless()
    {
        int pageSize = CorruptionFixture.PageSize;
        var offsets = new SortedSet<long>();
        for (long offset = 0; offset < _fixture.TreeBytes.Length; offset += 97) offsets.Add(offset);
        int[] headerFields = [0, 3, 4, 5, 6, 7, 8, 15, 16, 23, 24, 31, 32, 33, pageSize - 1];
        int[] metaFields = [40, 44, 48, 56, 64, 72, 80, 88, 95, 96, 200];
        for (long page = 0; page < _fixture.TreePageCount; page++)
        {
            foreach (int field in headerFields) offsets.Add(page * pageSize + field);
            if (page < TreeMeta.FirstDataPage)
                foreach (int field in metaFields) offsets.Add(page * pageSize + field);
        }
        var mutations = offsets.Select(o => new Mutation(PageFormat.FileName, o, (byte)(o % 3 == 0 ? 0xFF : 1 << (int)(o % 8)), false)).ToList();
        Dictionary<Mutation, DamageOutcome> outcomes = Run(mutations);

        // Sanity: the sample did hit pages that are read lazily and pages read at open.
        Assert.Contains(DamageOutcome.ReadRejected, outcomes.Values);
        Assert.Contains(DamageOutcome.OpenRejected, outcomes.Values);
    }

    /// <summary>Runs every mutation on a fresh copy and fails with every violation found.</summary>
    private Dictionary<Mutation, DamageOutcome> Run(List<Mutation> mutations)
    {
        var checker = new CorruptionChecker(_fixture);
        var outcomes = new ConcurrentDictionary<Mutation, DamageOutcome>();
        var violations = new ConcurrentQueue<string>();
        Parallel.ForEach(
            mutations,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            () => new TestDirectory("corrupt"),
            (mutation, _, dir) =>
            {
                _fixture.RestoreInto(dir.Path);
                Damage(Path.Combine(dir.Path, mutation.File), mutation.Offset, mutation.Mask);
                var found = new List<string>();
                outcomes[mutation] = checker.Check(dir.Path, mutation.ToString(), mutation.SentinelMayBeLost, found);
                foreach (string violation in found) violations.Enqueue(violation);
                return dir;
            },
            dir => dir.Dispose());
        _output.WriteLine($"{mutations.Count} damaged copies: " + string.Join(", ",
            outcomes.Values.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(violations.IsEmpty,
            $"{violations.Count} violations in {mutations.Count} damaged copies; the first ones:\n" + string.Join("\n", violations.Take(15)));
        return new Dictionary<Mutation, DamageOutcome>(outcomes);
    }

    internal static void Damage(string file, long offset, byte mask)
    {
        using FileStream stream = new(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int original = stream.ReadByte();
        Assert.True(original >= 0, $"{file} has no byte {offset}");
        stream.Position = offset;
        stream.WriteByte((byte)(original ^ mask));
    }
}
