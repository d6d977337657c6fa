namespace Lightning.Kv.Tests;

/// <summary>A fresh temporary database directory, deleted on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory(string? name = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lightning-tests",
            (name ?? "db") + "-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
    }

    /// <summary>The database directory (not created yet).</summary>
    public string Path { get; }

    /// <summary>Options that make flushes frequent, so small tests exercise the tree.</summary>
    public static LightningDbOptions SmallOptions(Durability durability = Durability.None) => new()
    {
        Durability = durability,
        MemtableSize = 64 * 1024,
        PageSize = 4096,
        CacheSize = 256 * 1024,
    };

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may still hold a file open; leave the directory for inspection.
        }
    }
}
