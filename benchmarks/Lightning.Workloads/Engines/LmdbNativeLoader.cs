using System.Runtime.InteropServices;
using LightningDB;

namespace Lightning.Workloads.Engines;

/// <summary>
/// Points the LightningDB assembly's P/Invokes at the system liblmdb (Debian's liblmdb0): the liblmdb.so bundled
/// in the NuGet package needs glibc 2.38, newer than Debian 12's.
/// </summary>
internal static class LmdbNativeLoader
{
    /// <summary>Where Debian's liblmdb0 package installs the library.</summary>
    public const string SystemLibrary = "/usr/lib/x86_64-linux-gnu/liblmdb.so.0";

    private static int s_installed;

    /// <summary>Installs the resolver once; later calls do nothing.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) != 0) return;
        NativeLibrary.SetDllImportResolver(typeof(LightningEnvironment).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.Contains("lmdb", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
        if (OperatingSystem.IsLinux() && File.Exists(SystemLibrary) && NativeLibrary.TryLoad(SystemLibrary, out IntPtr handle))
            return handle;
        return IntPtr.Zero; // fall back to the default probing (the bundled library)
    }
}
