using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>One change to apply to the tree: a put of <see cref="Value"/> or a delete of <see cref="Key"/>.</summary>
internal readonly record struct TreeUpdate(ReadOnlyMemory<byte> Key, EntryKind Kind, ReadOnlyMemory<byte> Value);
