using System.Data.Common;

namespace Lightning.Data;

// STUB: replaced by the full implementation.
/// <summary>Creates Lightning.Data ADO.NET objects.</summary>
public sealed class LightningFactory : DbProviderFactory
{
    /// <summary>The singleton instance.</summary>
    public static readonly LightningFactory Instance = new();

    private LightningFactory() { }
}
