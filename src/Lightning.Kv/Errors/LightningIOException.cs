namespace Lightning.Kv;

/// <summary>An operating-system I/O failure (including a full disk) while reading or writing database files.</summary>
public sealed class LightningIOException : LightningException
{
    /// <summary>Creates the exception.</summary>
    public LightningIOException(LightningErrorCode code, string message, Exception? innerException)
        : base(code, message, innerException)
    {
    }

    /// <summary>Wraps an <see cref="IOException"/>, recognising a full disk.</summary>
    internal static LightningIOException From(IOException error, string path, string action)
    {
        bool diskFull = IsDiskFull(error);
        string what = diskFull ? "the disk is full" : error.Message;
        return new LightningIOException(
            diskFull ? LightningErrorCode.DiskFull : LightningErrorCode.IOError,
            $"Could not {action} '{path}': {what}",
            error);
    }

    private static bool IsDiskFull(IOException error)
    {
        int code = error.HResult & 0xFFFF;
        // ENOSPC (28) on Unix, ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112) on Windows.
        return code == 28 || code == 39 || code == 112
            || error.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
    }
}
