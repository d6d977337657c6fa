using System.Runtime.InteropServices;

namespace Lightning.Kv.Platform;

/// <summary>The Linux calls behind <see cref="ThreadAffinity"/>. pid 0 means the calling thread.</summary>
internal static unsafe partial class ThreadAffinityNative
{
    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinity(int pid, nuint cpuSetSize, ulong* mask);
}
