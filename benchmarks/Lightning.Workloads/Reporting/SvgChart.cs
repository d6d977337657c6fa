using System.Globalization;
using System.Text;
using Lightning.Workloads.Measurement;

namespace Lightning.Workloads.Reporting;

/// <summary>
/// A hand-written SVG grouped bar chart: one group per (workload, threads) row, one bar per engine, ops/s on a
/// log10 axis. Missing, n/a and failed cells are left empty and marked with a small "×".
/// </summary>
internal static class SvgChart
{
    private static readonly string[] Colors = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

    public static string Render(RunSettings s, List<EngineResult> engines)
    {
        var table = new ResultTable(engines);
        const int left = 70, top = 50, plotHeight = 320, bottom = 110, barWidth = 12, groupGap = 18;
        int groupWidth = engines.Count * barWidth + groupGap;
        int width = left + Math.Max(1, table.Rows.Count) * groupWidth + 20;
        int height = top + plotHeight + bottom;

        double max = 10, min = double.MaxValue;
        foreach ((string w, int t) in table.Rows)
            foreach (EngineResult e in engines)
                if (table.Get(w, t, e.Engine) is { Ok: true } r && r.OpsPerSecond > 0)
                { max = Math.Max(max, r.OpsPerSecond); min = Math.Min(min, r.OpsPerSecond); }
        int lowExp = min == double.MaxValue ? 0 : Math.Max(0, (int)Math.Floor(Math.Log10(min)));
        int highExp = Math.Max(lowExp + 1, (int)Math.Ceiling(Math.Log10(max)));
        double Y(double v) => top + plotHeight - (Math.Log10(Math.Max(v, Math.Pow(10, lowExp))) - lowExp) / (highExp - lowExp) * plotHeight;

        var svg = new StringBuilder();
        svg.AppendLine(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.AppendLine(Inv($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.AppendLine(Inv($"<text x=\"{left}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">ops/s per engine and workload (log scale, higher is better){(s.Quick ? " — QUICK RUN, not meaningful" : "")}</text>"));
        for (int e = lowExp; e <= highExp; e++)
        {
            double y = Y(Math.Pow(10, e));
            svg.AppendLine(Inv($"<line x1=\"{left}\" y1=\"{y:F1}\" x2=\"{width - 20}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>"));
            svg.AppendLine(Inv($"<text x=\"{left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{Label(e)}</text>"));
        }
        for (int g = 0; g < table.Rows.Count; g++)
        {
            (string workload, int threads) = table.Rows[g];
            int x0 = left + g * groupWidth + groupGap / 2;
            for (int i = 0; i < engines.Count; i++)
            {
                int x = x0 + i * barWidth;
                WorkloadResult? r = table.Get(workload, threads, engines[i].Engine);
                if (r is { Ok: true } && r.OpsPerSecond > 0)
                {
                    double y = Y(r.OpsPerSecond);
                    svg.AppendLine(Inv($"<rect x=\"{x}\" y=\"{y:F1}\" width=\"{barWidth - 2}\" height=\"{top + plotHeight - y:F1}\" fill=\"{Colors[i % Colors.Length]}\"><title>{engines[i].Engine} {workload} {threads}T: {Format.Ops(r.OpsPerSecond)} ops/s</title></rect>"));
                }
                else
                {
                    svg.AppendLine(Inv($"<text x=\"{x + barWidth / 2 - 1}\" y=\"{top + plotHeight - 3}\" text-anchor=\"middle\" fill=\"#999\">×</text>"));
                }
            }
            double cx = x0 + engines.Count * barWidth / 2.0;
            svg.AppendLine(Inv($"<text transform=\"translate({cx:F1},{top + plotHeight + 12}) rotate(35)\">{workload} {threads}T</text>"));
        }
        svg.AppendLine(Inv($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{width - 20}\" y2=\"{top + plotHeight}\" stroke=\"#333\"/>"));
        for (int i = 0; i < engines.Count; i++)
        {
            int lx = left + i * 95, ly = top + plotHeight + bottom - 18;
            svg.AppendLine(Inv($"<rect x=\"{lx}\" y=\"{ly - 9}\" width=\"10\" height=\"10\" fill=\"{Colors[i % Colors.Length]}\"/>"));
            svg.AppendLine(Inv($"<text x=\"{lx + 14}\" y=\"{ly}\">{engines[i].Engine}</text>"));
        }
        svg.AppendLine(Inv($"<text x=\"{left}\" y=\"{height - 4}\" fill=\"#666\">× = n/a, unavailable or failed (see docs/benchmarks.md). put-fsync rows use fsync per commit; all other rows no fsync.</text>"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Label(int exp) => exp switch
    {
        < 3 => Math.Pow(10, exp).ToString("N0", CultureInfo.InvariantCulture),
        < 6 => Math.Pow(10, exp - 3).ToString("N0", CultureInfo.InvariantCulture) + "k",
        _ => Math.Pow(10, exp - 6).ToString("N0", CultureInfo.InvariantCulture) + "M",
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
