namespace Lightning.Kv.Tests.Metrics;

/// <summary>
/// Tests that listen to the process-wide <c>Lightning.Kv</c> meter, and the engine metrics tests, run one at a
/// time among themselves: a listener makes every database time every operation.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MeterCollection
{
    public const string Name = "Lightning.Kv meter";
}
