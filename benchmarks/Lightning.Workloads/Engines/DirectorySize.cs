namespace Lightning.Workloads.Engines;

/// <summary>Sums the sizes of the files under a directory (the on-disk size of a store).</summary>
internal static class DirectorySize
{
    /// <summary>Total bytes of all files under <paramref name="directory"/>, 0 when it does not exist.</summary>
    public static long Of(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        long total = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            try { total += new FileInfo(file).Length; }
            catch (IOException) { }
        }
        return total;
    }
}
