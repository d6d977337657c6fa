using Lightning.Kv.Encoding;

namespace Lightning.Kv;

/// <summary>
/// A group of puts and deletes that <see cref="LightningDb.Write"/> applies atomically: after a crash
/// either all of them are present or none, and readers never see part of a batch.
/// Later operations on the same key win. A batch can be reused after <see cref="Clear"/>.
/// </summary>
public sealed class WriteBatch
{
    internal readonly WriteSetBuilder Builder = new();

    /// <summary>Number of operations in the batch.</summary>
    public int Count => Builder.Count;

    /// <summary>Encoded size of the batch in bytes.</summary>
    public int ByteSize => Builder.Length;

    /// <summary>Adds a put. The key and value are copied.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Builder.Put(key, value);

    /// <summary>Adds a delete. Deleting an absent key is allowed.</summary>
    public void Delete(ReadOnlySpan<byte> key) => Builder.Delete(key);

    /// <summary>Removes every operation, so the batch can be reused.</summary>
    public void Clear() => Builder.Clear();
}
