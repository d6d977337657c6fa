namespace Lightning.Kv.Encoding;

/// <summary>What one entry of a write set, memtable or tree does to its key.</summary>
internal enum EntryKind : byte
{
    Put = 1,
    Delete = 2,
}
