using System.Runtime.InteropServices;

namespace Lightning.Workloads.Reporting;

/// <summary>A one-paragraph description of the machine the run happened on.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal)) { cpu = line[(line.IndexOf(':') + 1)..].Trim(); break; }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        double memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} logical cores ({cpu}), {memoryGiB:N1} GiB memory, {RuntimeInformation.OSDescription} " +
               $"({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}, workstation GC (concurrent)";
    }
}
