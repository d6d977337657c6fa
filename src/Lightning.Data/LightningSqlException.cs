using Lightning.Kv;

namespace Lightning.Data;

/// <summary>
/// An error in a KV-SQL statement: a syntax error, an unknown table or column, a missing parameter, a type
/// mismatch or a constraint violation. <see cref="Line"/> and <see cref="Column"/> locate it in the command
/// text when the error belongs to a place in it (1-based; 0 when it does not).
/// </summary>
public sealed class LightningSqlException : LightningException
{
    /// <summary>Creates an SQL error.</summary>
    public LightningSqlException(LightningErrorCode code, string message, int line = 0, int column = 0, Exception? innerException = null)
        : base(code, line > 0 ? $"{message} (line {line}, column {column})" : message, innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line of the command text the error refers to; 0 when it refers to no position.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the command text the error refers to; 0 when it refers to no position.</summary>
    public int Column { get; }
}
