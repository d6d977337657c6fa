namespace Lightning.Kv.BTree;

/// <summary>An immutable published state of the tree: what a snapshot pins.</summary>
internal sealed record TreeRoot(ulong RootPageId, int Height, ulong TxnId, ulong LastSequence, long EntryCount)
{
    public bool IsEmpty => RootPageId == 0;
}
