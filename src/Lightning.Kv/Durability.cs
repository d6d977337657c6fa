namespace Lightning.Kv;

/// <summary>When an acknowledged commit is guaranteed to survive a crash or power loss.</summary>
public enum Durability
{
    /// <summary>The WAL is fsynced before a commit returns (concurrent commits share one fsync). Nothing acknowledged is lost.</summary>
    Full = 0,
    /// <summary>The WAL is fsynced in the background at most every <see cref="LightningDbOptions.SyncInterval"/>; a power loss may lose that window, never corrupts.</summary>
    Normal = 1,
    /// <summary>The operating system decides when to write. A process crash loses nothing; a power loss may lose recent commits. For tests and bulk loads.</summary>
    None = 2,
}
