using System.Runtime.InteropServices;

namespace Lightning.Kv.Platform;

/// <summary>
/// fsync of a directory, so that file creations, renames and deletions survive power loss.
/// .NET has no API for it; on Unix we open the directory read-only and fsync it. Elsewhere a no-op
/// (NTFS journals directory metadata itself).
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectoryFlags = 0x10000; // O_DIRECTORY on Linux (O_RDONLY is 0)

    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Open(directory, ReadOnlyDirectoryFlags);
        if (fd < 0) return; // best effort: the files themselves were fsynced
        try
        {
            FSync(fd);
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
