namespace Lightning.Kv;

/// <summary>
/// Raised by <see cref="KvTransaction.Commit"/> when another transaction committed a write to a key in this
/// transaction's write set after this transaction's snapshot was taken. Nothing of the transaction was
/// written; retry it from the start.
/// </summary>
public sealed class LightningConflictException : LightningException
{
    /// <summary>Creates the exception.</summary>
    public LightningConflictException(string message)
        : base(LightningErrorCode.Conflict, message)
    {
    }
}
