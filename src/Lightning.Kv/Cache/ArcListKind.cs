namespace Lightning.Kv.Cache;

/// <summary>Which of the four ARC lists an entry is on (Megiddo and Modha's names).</summary>
internal enum ArcListKind : byte
{
    /// <summary>On no list: removed from the cache.</summary>
    None = 0,

    /// <summary>Resident, seen once since it was admitted: recency.</summary>
    T1 = 1,

    /// <summary>Resident, seen at least twice: frequency.</summary>
    T2 = 2,

    /// <summary>Ghost of an entry evicted from T1: its key and size only.</summary>
    B1 = 3,

    /// <summary>Ghost of an entry evicted from T2: its key and size only.</summary>
    B2 = 4,
}
