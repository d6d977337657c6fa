using System.Data.Common;
using Lightning.Kv;

namespace Lightning.Data;

// STUB: replaced by the full implementation.
/// <summary>Builds and parses Lightning.Data connection strings.</summary>
public sealed class LightningConnectionStringBuilder : DbConnectionStringBuilder
{
    /// <summary>Creates an empty builder.</summary>
    public LightningConnectionStringBuilder() { }

    /// <summary>Parses a connection string.</summary>
    public LightningConnectionStringBuilder(string? connectionString) => ConnectionString = connectionString ?? "";

    /// <summary>The database directory, or <c>:memory:</c>.</summary>
    public string DataSource { get; set; } = "";

    /// <summary>The open mode.</summary>
    public LightningOpenMode Mode { get; set; }

    /// <summary>The durability mode.</summary>
    public Durability Durability { get; set; } = Durability.Full;

    /// <summary>The page cache size in bytes; 0 = engine default.</summary>
    public long CacheSize { get; set; }

    /// <summary>The default command timeout in seconds.</summary>
    public int DefaultTimeout { get; set; } = 30;
}
