namespace Lightning.Kv;

/// <summary>
/// Raised when stored data fails a checksum or a structural check. Lightning never returns data it
/// cannot prove intact; it raises this instead, naming the file and byte offset.
/// </summary>
public sealed class LightningCorruptionException : LightningException
{
    /// <summary>Creates the exception.</summary>
    public LightningCorruptionException(string filePath, long offset, string detail)
        : base(LightningErrorCode.Corruption, $"Corruption in '{filePath}' at offset {offset}: {detail}")
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>The file in which the damage was found.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset in <see cref="FilePath"/> of the damaged record or page.</summary>
    public long Offset { get; }
}
