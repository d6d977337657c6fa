namespace Lightning.Data;

/// <summary>How <see cref="LightningConnection.Open"/> opens the database (connection string key <c>Mode</c>).</summary>
public enum LightningOpenMode
{
    /// <summary>Open for reading and writing, creating the database when it does not exist (the default).</summary>
    ReadWriteCreate = 0,

    /// <summary>Open for reading and writing; fail when the database does not exist.</summary>
    ReadWrite = 1,

    /// <summary>Open for reading only; fail when the database does not exist. Statements that write fail.</summary>
    ReadOnly = 2,

    /// <summary>A private in-memory database, gone when the connection closes (same as <c>Data Source=:memory:</c>).</summary>
    Memory = 3,
}
