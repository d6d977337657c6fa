using System.Data.Common;

namespace Lightning.Kv;

/// <summary>
/// The base type of every error Lightning raises. It is a <see cref="DbException"/>, so ADO.NET code
/// that catches provider exceptions catches it; <see cref="Code"/> says what went wrong.
/// </summary>
public class LightningException : DbException
{
    /// <summary>Creates an exception with a code and message.</summary>
    public LightningException(LightningErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        HResult = unchecked((int)0x80131904) ^ (int)code; // distinct per code, still an error HRESULT
    }

    /// <summary>What went wrong.</summary>
    public LightningErrorCode Code { get; }

    /// <summary>The numeric form of <see cref="Code"/> (also the ADO.NET error code).</summary>
    public override int ErrorCode => (int)Code;

    /// <summary>True when retrying the same operation may succeed (conflicts and lock contention).</summary>
    public override bool IsTransient => Code is LightningErrorCode.Conflict or LightningErrorCode.DatabaseLocked;
}
