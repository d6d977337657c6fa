using System.Globalization;

namespace Lightning.Workloads.Reporting;

/// <summary>Number formatting shared by the report and the chart.</summary>
internal static class Format
{
    public static string Ops(double v) => v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("N1", CultureInfo.InvariantCulture);
    public static string Micros(double v) => v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("N1", CultureInfo.InvariantCulture);
    public static string Ratio(double v) => v.ToString(v >= 10 ? "N0" : "N2", CultureInfo.InvariantCulture) + "×";
    public static string Bytes(double v) => v switch
    {
        >= 1024 * 1024 * 1024 => (v / (1024 * 1024 * 1024)).ToString("N2", CultureInfo.InvariantCulture) + " GiB",
        >= 1024 * 1024 => (v / (1024 * 1024)).ToString("N1", CultureInfo.InvariantCulture) + " MiB",
        >= 1024 => (v / 1024).ToString("N1", CultureInfo.InvariantCulture) + " KiB",
        _ => v.ToString("N0", CultureInfo.InvariantCulture) + " B",
    };
}
