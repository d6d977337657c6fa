using System.Diagnostics;
using System.Text.Json;
using Lightning.Workloads.Measurement;

namespace Lightning.Workloads;

/// <summary>
/// Runs each engine in its own child process (this executable with <c>--child</c>), so every engine gets a clean
/// heap and its own peak working set, and a native crash or hang in one engine cannot take the run down.
/// </summary>
internal static class ChildLauncher
{
    public static EngineResult Run(RunSettings s, string engine)
    {
        string resultFile = Path.Combine(Path.GetTempPath(), $"lightning-workloads-{Environment.ProcessId}-{engine}.json");
        File.Delete(resultFile);
        var info = new ProcessStartInfo { UseShellExecute = false };
        string processPath = Environment.ProcessPath ?? "dotnet";
        info.FileName = processPath;
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
            info.ArgumentList.Add(typeof(ChildLauncher).Assembly.Location);
        foreach (string arg in s.RawArguments) info.ArgumentList.Add(arg);
        info.ArgumentList.Add("--child");
        info.ArgumentList.Add(engine);
        info.ArgumentList.Add("--result-file");
        info.ArgumentList.Add(resultFile);

        using Process child = Process.Start(info) ?? throw new InvalidOperationException("Could not start the child process.");
        if (!child.WaitForExit(TimeSpan.FromSeconds(s.ChildTimeoutSeconds)))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            return Failed(engine, ReadPartial(resultFile), $"timed out after {s.ChildTimeoutSeconds:N0} s");
        }
        EngineResult? result = ReadPartial(resultFile);
        if (result is null) return Failed(engine, null, $"child process exited with code {child.ExitCode} without a result");
        if (child.ExitCode != 0 && result.Status == "ok") result.Status = $"failed: child exited with code {child.ExitCode}";
        File.Delete(resultFile);
        return result;
    }

    private static EngineResult? ReadPartial(string file)
    {
        if (!File.Exists(file)) return null;
        try { return JsonSerializer.Deserialize<EngineResult>(File.ReadAllText(file)); }
        catch (JsonException) { return null; }
    }

    private static EngineResult Failed(string engine, EngineResult? partial, string reason)
    {
        EngineResult result = partial ?? new EngineResult { Engine = engine };
        result.Status = $"failed: {reason}";
        return result;
    }

    /// <summary>Child side: runs one engine and writes its result file. Returns the process exit code.</summary>
    public static int RunChild(RunSettings s, string engine)
    {
        EngineResult result;
        int exitCode = 0;
        try
        {
            result = new EngineSuite(s, () => Engines.AdapterFactory.Create(engine)).Run(engine);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{engine} failed: {e}");
            result = new EngineResult { Engine = engine, Status = $"failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}" };
            exitCode = 1;
        }
        if (result.Status.StartsWith("failed", StringComparison.Ordinal)) exitCode = 1;
        File.WriteAllText(s.ResultFile!, JsonSerializer.Serialize(result));
        return exitCode;
    }
}
