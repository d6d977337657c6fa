using Lightning.Data.Storage;

namespace Lightning.EFCore.Storage.Internal;

/// <summary>
/// SQL literals for values Lightning.Data stores as text (decimal, Guid, dates and times): produced by the same
/// conversion the ADO.NET provider applies to parameters, so a literal and a parameter of one value are identical.
/// </summary>
internal static class LightningLiterals
{
    public static string Text(object value)
    {
        SqlValue converted = SqlValueWriter.FromObject(value, null, "literal");
        return "'" + SqlConvert.ToText(converted).Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
