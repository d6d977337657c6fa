namespace Lightning.Kv;

/// <summary>Identifies the kind of failure carried by a <see cref="LightningException"/>.</summary>
public enum LightningErrorCode
{
    /// <summary>An error that fits no other code.</summary>
    Unknown = 1,
    /// <summary>An argument was invalid (for example an empty key or an unknown option value).</summary>
    InvalidArgument = 2,
    /// <summary>A key was longer than <see cref="KvLimits.MaxKeySize"/>.</summary>
    KeyTooLarge = 3,
    /// <summary>A value was longer than <see cref="KvLimits.MaxValueSize"/>.</summary>
    ValueTooLarge = 4,
    /// <summary>A write batch or transaction was larger than <see cref="KvLimits.MaxBatchSize"/>.</summary>
    BatchTooLarge = 5,
    /// <summary>The database, transaction or iterator was used after it was disposed.</summary>
    ObjectDisposed = 6,
    /// <summary>The transaction was already committed or rolled back.</summary>
    TransactionCompleted = 7,
    /// <summary>A write-write conflict was detected at commit.</summary>
    Conflict = 8,
    /// <summary>Stored data failed a checksum or structural check.</summary>
    Corruption = 9,
    /// <summary>Another process (or another instance in this process) holds the database.</summary>
    DatabaseLocked = 10,
    /// <summary>The operating system reported an I/O error.</summary>
    IOError = 11,
    /// <summary>The disk is full.</summary>
    DiskFull = 12,
    /// <summary>The database files were written by an unsupported format version.</summary>
    UnsupportedFormat = 13,
    /// <summary>A background failure (for example a failed flush) stopped writes until it clears.</summary>
    BackgroundError = 14,

    /// <summary>SQL text could not be parsed (see <c>LightningSqlException.Line</c>/<c>Column</c>).</summary>
    SqlSyntax = 20,
    /// <summary>A statement named a table, index, column or function that does not exist, or one that already exists.</summary>
    SqlUnknownObject = 21,
    /// <summary>A parameter the statement uses was not supplied.</summary>
    SqlMissingParameter = 22,
    /// <summary>A value did not fit the column's declared type, or an operation got a value of the wrong type.</summary>
    SqlTypeMismatch = 23,
    /// <summary>A NOT NULL, PRIMARY KEY or UNIQUE constraint would be violated.</summary>
    SqlConstraintViolation = 24,
    /// <summary>A statement is valid SQL but not allowed here (for example BEGIN inside a transaction).</summary>
    SqlInvalidOperation = 25,
    /// <summary>The operation was cancelled through a <see cref="System.Threading.CancellationToken"/> or timed out.</summary>
    Cancelled = 26,
}
