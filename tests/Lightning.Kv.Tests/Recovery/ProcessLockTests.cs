using Lightning.Tests.Shared;

namespace Lightning.Kv.Tests.Recovery;

/// <summary>The LOCK file keeps a second process out of an open database, and is released when the holder goes.</summary>
public sealed class ProcessLockTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Lightning.Kv.CrashWriter, copied next to the tests by the ProjectReference.</summary>
    private static string Writer => typeof(Lightning.Kv.CrashWriter.Program).Assembly.Location;

    private static void CreateDatabase(string path)
    {
        using LightningDb db = LightningDb.Open(path);
        db.Put("k"u8, "v"u8);
    }

    [Fact]
    public void OpenFailsWhileAnotherProcessHoldsTheDatabaseAndSucceedsAfterItCloses()
    {
        using var dir = new TestDirectory("lock");
        CreateDatabase(dir.Path);
        using (ChildProcess child = ChildProcess.Start(Writer, "hold", dir.Path))
        {
            child.WaitFor("opened", Timeout);
            LightningException error = Assert.ThrowsAny<LightningException>(() => LightningDb.Open(dir.Path).Dispose());
            Assert.Equal(LightningErrorCode.DatabaseLocked, error.Code);
            Assert.True(error.IsTransient);
            // Still locked on a second attempt: the failed open must not have disturbed the holder's lock.
            Assert.Equal(LightningErrorCode.DatabaseLocked,
                Assert.ThrowsAny<LightningException>(() => LightningDb.Open(dir.Path).Dispose()).Code);

            child.CloseInput();
            child.WaitForExit(Timeout);
            Assert.True(child.ExitCode == 0, $"holder exit code {child.ExitCode}; stderr:\n{child.Stderr}");
        }
        using LightningDb reopened = LightningDb.Open(dir.Path);
        Assert.Equal("v"u8.ToArray(), reopened.Get("k"u8));
        reopened.Put("after"u8, "holder"u8);
        Assert.Equal("holder"u8.ToArray(), reopened.Get("after"u8));
    }

    [Fact]
    public void LockIsReleasedWhenTheHolderIsKilled()
    {
        using var dir = new TestDirectory("lock");
        CreateDatabase(dir.Path);
        using (ChildProcess child = ChildProcess.Start(Writer, "hold", dir.Path))
        {
            child.WaitFor("opened", Timeout);
            Assert.Equal(LightningErrorCode.DatabaseLocked,
                Assert.ThrowsAny<LightningException>(() => LightningDb.Open(dir.Path).Dispose()).Code);
            child.Kill();
        }
        using LightningDb reopened = LightningDb.Open(dir.Path);
        Assert.Equal("v"u8.ToArray(), reopened.Get("k"u8));
    }

    [Fact]
    public void AnotherProcessCannotOpenWhatThisProcessHolds()
    {
        using var dir = new TestDirectory("lock");
        using (LightningDb db = LightningDb.Open(dir.Path))
        {
            db.Put("k"u8, "v"u8);
            Assert.Equal("locked DatabaseLocked", Probe(dir.Path));
            Assert.Equal("v"u8.ToArray(), db.Get("k"u8)); // the probe did not disturb the holder
            db.Put("k2"u8, "v2"u8);
        }
        Assert.Equal("opened", Probe(dir.Path));
        using LightningDb reopened = LightningDb.Open(dir.Path);
        Assert.Equal("v2"u8.ToArray(), reopened.Get("k2"u8));
    }

    private static string Probe(string path)
    {
        using ChildProcess child = ChildProcess.Start(Writer, "probe", path);
        string? line = child.ReadLine(Timeout);
        child.WaitForExit(Timeout);
        Assert.True(child.ExitCode == 0, $"probe exit code {child.ExitCode}; stderr:\n{child.Stderr}");
        Assert.True(line is not null, $"the probe printed nothing; stderr:\n{child.Stderr}");
        return line;
    }
}
