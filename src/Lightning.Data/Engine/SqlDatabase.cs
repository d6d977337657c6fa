using Lightning.Kv;

namespace Lightning.Data.Engine;

/// <summary>SKELETON</summary>
internal sealed class SqlDatabase
{
    public static SqlDatabase Acquire(LightningConnectionStringBuilder settings) => throw new NotImplementedException();
    public void Release() { }
    public LightningDb Store => throw new NotImplementedException();
}
