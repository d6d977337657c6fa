namespace Lightning.Kv.Engine;

/// <summary>A pinned version and the sequence number reads see through it.</summary>
internal readonly struct Snapshot
{
    public Snapshot(Version version, ulong sequence)
    {
        Version = version;
        Sequence = sequence;
    }

    public Version Version { get; }

    public ulong Sequence { get; }

    public void Release() => Version.Release();
}
