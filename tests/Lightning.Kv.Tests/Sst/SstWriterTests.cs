using Lightning.Kv.Encoding;
using Lightning.Kv.Platform;
using Lightning.Kv.Sst;
using Lightning.Kv.Tests.Platform;

namespace Lightning.Kv.Tests.Sst;

/// <summary>The writer's rules (order, limits, lifecycle), its I/O failure handling and its durability.</summary>
public sealed class SstWriterTests
{
    private static readonly byte[] Value = [1, 2, 3];

    private static LightningException AddThrows(SstWriter writer, byte[] key, EntryKind kind = EntryKind.Put, byte[]? value = null) =>
        Assert.ThrowsAny<LightningException>(() => writer.Add(key, 1, kind, value ?? Value));

    [Fact]
    public void Out_of_order_and_duplicate_keys_throw_and_leave_the_run_usable()
    {
        var fs = new MemoryFileSystem();
        using SstWriter writer = SstWriter.Create(fs, "/a.sst");
        writer.Add("b"u8, 1, EntryKind.Put, Value);
        Assert.Equal(LightningErrorCode.InvalidArgument, AddThrows(writer, "a"u8.ToArray()).Code);
        Assert.Equal(LightningErrorCode.InvalidArgument, AddThrows(writer, "b"u8.ToArray()).Code);
        Assert.Equal(LightningErrorCode.InvalidArgument, AddThrows(writer, "az"u8.ToArray()).Code);
        writer.Add("ba"u8, 2, EntryKind.Put, Value); // a longer key with the same start sorts after
        writer.Finish();
        using SstReader reader = SstReader.Open(fs, "/a.sst", 1);
        Assert.Equal(2, reader.Properties.EntryCount);
    }

    [Fact]
    public void Invalid_entries_are_refused()
    {
        var fs = new MemoryFileSystem();
        using SstWriter writer = SstWriter.Create(fs, "/a.sst");
        Assert.Equal(LightningErrorCode.InvalidArgument, AddThrows(writer, []).Code);
        Assert.Equal(LightningErrorCode.KeyTooLarge, AddThrows(writer, new byte[KvLimits.MaxKeySize + 1]).Code);
        Assert.Equal(LightningErrorCode.InvalidArgument, AddThrows(writer, "k"u8.ToArray(), EntryKind.Delete, [1]).Code);
        Assert.Equal(LightningErrorCode.InvalidArgument, AddThrows(writer, "k"u8.ToArray(), (EntryKind)7).Code);
        Assert.Equal(LightningErrorCode.InvalidArgument, Assert.ThrowsAny<LightningException>(() => writer.Finish()).Code);
        Assert.ThrowsAny<LightningException>(() => SstWriter.Create(fs, "/b.sst", new SstWriterOptions { BlockSize = 10 }));
        Assert.ThrowsAny<LightningException>(() => SstWriter.Create(fs, "/b.sst", new SstWriterOptions { RestartInterval = 0 }));
        Assert.ThrowsAny<LightningException>(() => SstWriter.Create(fs, "/b.sst", new SstWriterOptions { BloomBitsPerKey = 0 }));
    }

    [Fact]
    public void A_finished_or_disposed_writer_accepts_nothing_more()
    {
        var fs = new MemoryFileSystem();
        SstWriter writer = SstWriter.Create(fs, "/a.sst");
        writer.Add("k"u8, 1, EntryKind.Put, Value);
        writer.Finish();
        Assert.ThrowsAny<LightningException>(() => writer.Add("l"u8, 1, EntryKind.Put, Value));
        Assert.ThrowsAny<LightningException>(() => writer.Finish());
        writer.Dispose();
        Assert.Equal(LightningErrorCode.ObjectDisposed, Assert.ThrowsAny<LightningException>(() => writer.Add("l"u8, 1, EntryKind.Put, Value)).Code);
    }

    [Fact]
    public void Finish_fsyncs_the_file_and_its_directory()
    {
        var fs = new MemoryFileSystem();
        using SstWriter writer = SstWriter.Create(fs, SstTestKit.PathFor(3));
        writer.Add("k"u8, 1, EntryKind.Put, Value);
        Assert.Equal((0, 0), (fs.FileSyncs, fs.DirectorySyncs));
        writer.Finish();
        Assert.Equal((1, 1), (fs.FileSyncs, fs.DirectorySyncs));
    }

    [Fact]
    public void An_abandoned_or_unfinished_run_is_refused_or_gone()
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(51, 2000, extremes: false);
        using (SstWriter unfinished = SstWriter.Create(fs, "/u.sst"))
            foreach (ModelEntry entry in model) unfinished.Add(entry.Key, entry.Sequence, entry.Kind, entry.Value);
        Assert.True(fs.ReadAll("/u.sst").Length > 0);
        LightningException error = Assert.ThrowsAny<LightningException>(() => SstReader.Open(fs, "/u.sst", 1));
        Assert.True(error.Code is LightningErrorCode.Corruption or LightningErrorCode.UnsupportedFormat);
        SstWriter abandoned = SstWriter.Create(fs, "/x.sst");
        abandoned.Add("k"u8, 1, EntryKind.Put, Value);
        abandoned.Abandon();
        Assert.False(fs.FileExists("/x.sst"));
    }

    [Theory]
    [InlineData(IOFault.DiskFull, LightningErrorCode.DiskFull)]
    [InlineData(IOFault.IOError, LightningErrorCode.IOError)]
    public void A_failed_write_or_fsync_is_reported_and_the_writer_refuses_further_work(IOFault fault, LightningErrorCode code)
    {
        using var directory = new TestDirectory("sst");
        Directory.CreateDirectory(directory.Path);
        List<ModelEntry> model = SstTestKit.RandomModel(52, 4000, extremes: false);
        foreach (bool failSync in new[] { false, true })
        {
            var fs = new FaultInjectingFileSystem();
            string path = Path.Combine(directory.Path, SstFileName.For(failSync ? 2UL : 1UL));
            if (failSync) fs.FailSync(1, fault);
            else fs.FailWrite(2, fault);
            using SstWriter writer = SstWriter.Create(fs, path);
            LightningException error = Assert.ThrowsAny<LightningException>(() =>
            {
                foreach (ModelEntry entry in model) writer.Add(entry.Key, entry.Sequence, entry.Kind, entry.Value);
                writer.Finish();
            });
            Assert.Equal(code, error.Code);
            Assert.Contains(path, error.Message);
            Assert.ThrowsAny<LightningException>(() => writer.Finish());
            writer.Abandon();
            Assert.False(File.Exists(path));
        }
    }

    [Fact]
    public void A_run_on_the_real_disk_reads_back()
    {
        using var directory = new TestDirectory("sst");
        Directory.CreateDirectory(directory.Path);
        string path = Path.Combine(directory.Path, SstFileName.For(9));
        List<ModelEntry> model = SstTestKit.RandomModel(53, 3000);
        using (SstWriter writer = SstWriter.Create(DiskFileSystem.Instance, path))
        {
            foreach (ModelEntry entry in model) writer.Add(entry.Key, entry.Sequence, entry.Kind, entry.Value);
            writer.Finish();
        }
        using SstReader reader = SstReader.Open(DiskFileSystem.Instance, path, 9);
        using SstIterator iterator = reader.NewIterator();
        int n = model.Count;
        for (iterator.SeekBackward(null); iterator.Valid; iterator.Previous()) SstTestKit.AssertAt(iterator, model[--n]);
        Assert.Equal(0, n);
    }

    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    public void A_power_loss_at_any_point_leaves_no_run_a_refused_run_or_the_complete_run(int seed)
    {
        List<ModelEntry> model = SstTestKit.RandomModel(seed, 3000); // a few hundred KiB: several buffered writes
        string path = "/db/l0/" + SstFileName.For(1);
        int outcomes = 0, complete = 0;
        for (long dieAt = 1; ; dieAt++)
        {
            var disk = new SimulatedDisk();
            disk.CreateDirectory("/db/l0");
            disk.SyncDirectory("/db");
            disk.SyncDirectory("/db/l0");
            disk.DieAt(disk.Operations + dieAt);
            bool finished = false;
            try
            {
                using SstWriter writer = SstWriter.Create(disk, path);
                foreach (ModelEntry entry in model) writer.Add(entry.Key, entry.Sequence, entry.Kind, entry.Value);
                writer.Finish();
                finished = true;
            }
            catch (LightningException)
            {
            }
            disk.PowerLoss(new Random(seed * 1000 + (int)dieAt));
            outcomes++;
            if (!disk.FileExists(path))
            {
                Assert.False(finished, "a finished run vanished");
            }
            else
            {
                try
                {
                    using SstReader reader = SstReader.Open(disk, path, 1);
                    using SstIterator iterator = reader.NewIterator();
                    int n = 0;
                    for (iterator.SeekForward(null); iterator.Valid; iterator.Next()) SstTestKit.AssertAt(iterator, model[n++]);
                    Assert.Equal(model.Count, n);
                    complete++;
                }
                catch (LightningException error) when (!finished)
                {
                    Assert.True(error.Code is LightningErrorCode.Corruption or LightningErrorCode.UnsupportedFormat, error.Message);
                }
            }
            if (finished) break;
        }
        Assert.True(outcomes > 3);
        Assert.True(complete >= 1);
    }
}
