namespace Lightning.EFCore.Benchmarks;

/// <summary>The providers compared, as the benchmark's <c>Engine</c> parameter names them.</summary>
public static class Engines
{
    public const string Lightning = "Lightning";
    public const string Sqlite = "Sqlite";
}
