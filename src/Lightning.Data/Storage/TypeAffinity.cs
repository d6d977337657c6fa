using System.Globalization;

namespace Lightning.Data.Storage;

/// <summary>Maps declared type names to storage classes and converts values to a column's class on write.</summary>
internal static class TypeAffinity
{
    /// <summary>The storage class of a declared type name (KV-SQL.md "Types"; unknown names follow SQLite's substring rules).</summary>
    public static SqlAffinity FromDeclaredType(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared)) return SqlAffinity.Any;
        string name = declared.ToUpperInvariant();
        int paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        name = name.Trim();
        switch (name)
        {
            case "INT" or "INTEGER" or "BIGINT" or "SMALLINT" or "TINYINT" or "MEDIUMINT" or "BOOLEAN" or "BOOL" or "INT2" or "INT4" or "INT8" or "UNSIGNED BIG INT" or "LONG" or "BIT":
                return SqlAffinity.Integer;
            case "REAL" or "DOUBLE" or "DOUBLE PRECISION" or "FLOAT" or "SINGLE":
                return SqlAffinity.Real;
            case "TEXT" or "VARCHAR" or "CHAR" or "NVARCHAR" or "NCHAR" or "CLOB" or "STRING" or "DECIMAL" or "NUMERIC" or "MONEY"
                or "DATETIME" or "DATE" or "TIME" or "TIMESTAMP" or "DATETIMEOFFSET" or "TIMESPAN" or "GUID" or "UUID" or "UNIQUEIDENTIFIER"
                or "VARYING CHARACTER" or "NATIVE CHARACTER" or "CHARACTER":
                return SqlAffinity.Text;
            case "BLOB" or "BINARY" or "VARBINARY" or "BYTEA" or "BYTES":
                return SqlAffinity.Blob;
        }
        if (name.Contains("INT", StringComparison.Ordinal)) return SqlAffinity.Integer;
        if (name.Contains("CHAR", StringComparison.Ordinal) || name.Contains("CLOB", StringComparison.Ordinal) || name.Contains("TEXT", StringComparison.Ordinal)) return SqlAffinity.Text;
        if (name.Contains("BLOB", StringComparison.Ordinal)) return SqlAffinity.Blob;
        if (name.Contains("REAL", StringComparison.Ordinal) || name.Contains("FLOA", StringComparison.Ordinal) || name.Contains("DOUB", StringComparison.Ordinal)) return SqlAffinity.Real;
        return SqlAffinity.Any;
    }

    /// <summary>
    /// Converts <paramref name="value"/> to <paramref name="affinity"/> when that loses nothing (integral reals to INTEGER,
    /// numeric text to numbers, numbers to TEXT, TEXT to UTF-8 BLOB); false when the value does not fit the class.
    /// </summary>
    public static bool TryConvert(in SqlValue value, SqlAffinity affinity, out SqlValue converted)
    {
        converted = value;
        if (value.IsNull || affinity == SqlAffinity.Any) return true;
        switch (affinity)
        {
            case SqlAffinity.Integer:
                switch (value.Type)
                {
                    case SqlType.Integer:
                        return true;
                    case SqlType.Real:
                        double d = value.Real;
                        if (d >= -9.2233720368547758E18 && d < 9.2233720368547758E18 && Math.Floor(d) == d)
                        {
                            converted = SqlValue.FromInteger((long)d);
                            return true;
                        }
                        return false;
                    case SqlType.Text:
                        if (long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                        {
                            converted = SqlValue.FromInteger(l);
                            return true;
                        }
                        return false;
                    default:
                        return false;
                }
            case SqlAffinity.Real:
                switch (value.Type)
                {
                    case SqlType.Real:
                        return true;
                    case SqlType.Integer:
                        converted = SqlValue.FromReal(value.Integer);
                        return true;
                    case SqlType.Text:
                        if (double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double r))
                        {
                            converted = SqlValue.FromReal(r);
                            return true;
                        }
                        return false;
                    default:
                        return false;
                }
            case SqlAffinity.Text:
                switch (value.Type)
                {
                    case SqlType.Text:
                        return true;
                    case SqlType.Integer or SqlType.Real:
                        converted = SqlValue.FromText(SqlConvert.ToText(value));
                        return true;
                    default:
                        return false;
                }
            default: // Blob
                switch (value.Type)
                {
                    case SqlType.Blob:
                        return true;
                    case SqlType.Text:
                        converted = SqlValue.FromBlob(System.Text.Encoding.UTF8.GetBytes(value.Text));
                        return true;
                    default:
                        return false;
                }
        }
    }
}
