namespace Lightning.Workloads.Engines;

/// <summary>Maps an engine name from the command line to its adapter.</summary>
internal static class AdapterFactory
{
    public static IKvAdapter Create(string engine) => engine switch
    {
        "lightning" => new LightningAdapter(),
        "sqlite" => new SqliteAdapter(),
        "lmdb" => new LmdbAdapter(),
        "rocksdb" => new RocksDbAdapter(),
        "zonetree" => new ZoneTreeAdapter(),
        "faster" => new FasterAdapter(),
        _ => throw new ArgumentException($"Unknown engine {engine}."),
    };
}
