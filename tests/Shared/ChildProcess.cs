using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Xunit;

namespace Lightning.Tests.Shared;

/// <summary>
/// Runs a child test program (a crash writer copied next to the test assembly by a ProjectReference) as
/// <c>dotnet &lt;writer&gt;.dll …</c>, collecting its stdout lines and stderr. Compiled into every test project that
/// runs child processes (Lightning.Kv.Tests, Lightning.Data.Tests) from tests/Shared.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _stderr = new();
    private readonly Thread _reader;

    private ChildProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _reader = new Thread(ReadStdout) { IsBackground = true, Name = "child stdout" };
        _reader.Start();
    }

    /// <summary>Starts <c>dotnet <paramref name="dllPath"/> <paramref name="args"/></c>; pass the writer's
    /// <c>typeof(Program).Assembly.Location</c>, which is next to the test assembly with or without <c>--artifacts-path</c>.</summary>
    public static ChildProcess Start(string dllPath, params string[] args)
    {
        string dll = dllPath;
        Assert.True(File.Exists(dll), $"crash writer not found at {dll}");
        string runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        Assert.True(File.Exists(runtimeConfig), $"{runtimeConfig} was not copied next to the tests");
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException("the crash writer did not start"));
    }

    /// <summary>The dotnet host running these tests (so the child uses the same runtime), else dotnet on the PATH.</summary>
    private static string DotnetHost()
    {
        string? fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli)) return fromCli;
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        return "dotnet";
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>The next stdout line, or null at end of output or after <paramref name="timeout"/>.</summary>
    public string? ReadLine(TimeSpan timeout) =>
        _lines.TryTake(out string? line, timeout) ? line : null;

    /// <summary>Reads lines until one equals <paramref name="expected"/>; fails the test on timeout or end of output.</summary>
    public void WaitFor(string expected, TimeSpan timeout, List<string>? seen = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = timeout - clock.Elapsed;
            string? line = left > TimeSpan.Zero ? ReadLine(left) : null;
            if (line is null)
                Assert.Fail($"the child never printed '{expected}' (exited: {HasExited}); stderr:\n{Stderr}");
            seen?.Add(line);
            if (line == expected) return;
        }
    }

    /// <summary>Closes the child's stdin (the signal for <c>hold</c> to release the database).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>SIGKILL, then waits for the process and the end of its output.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        WaitForExit(TimeSpan.FromSeconds(30));
    }

    public void WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), "the child did not exit");
        _process.WaitForExit(); // drains the redirected streams
        Assert.True(_reader.Join(timeout), "the child's stdout did not close");
    }

    /// <summary>Every line not yet read (call after the process exited).</summary>
    public List<string> RemainingLines()
    {
        var rest = new List<string>();
        while (_lines.TryTake(out string? line)) rest.Add(line);
        return rest;
    }

    private void ReadStdout()
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is { } line) _lines.Add(line);
        }
        catch (IOException)
        {
            // the pipe broke when the child died
        }
        finally
        {
            _lines.CompleteAdding();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }
        }
        _process.Dispose();
    }
}
