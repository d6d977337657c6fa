using System.Data;
using System.Data.Common;

namespace Lightning.Data;

/// <summary>Generates INSERT/UPDATE/DELETE commands for a <see cref="LightningDataAdapter"/> from its SELECT.</summary>
public sealed class LightningCommandBuilder : DbCommandBuilder
{
    /// <summary>Creates a builder.</summary>
    public LightningCommandBuilder()
    {
        QuotePrefix = "\"";
        QuoteSuffix = "\"";
    }

    /// <summary>Creates a builder for <paramref name="adapter"/>.</summary>
    public LightningCommandBuilder(LightningDataAdapter adapter)
        : this() => DataAdapter = adapter;

    /// <inheritdoc />
    protected override void ApplyParameterInfo(DbParameter parameter, DataRow row, StatementType statementType, bool whereClause)
    {
    }

    /// <inheritdoc />
    protected override string GetParameterName(int parameterOrdinal) => "@p" + parameterOrdinal;

    /// <inheritdoc />
    protected override string GetParameterName(string parameterName) => "@" + parameterName;

    /// <inheritdoc />
    protected override string GetParameterPlaceholder(int parameterOrdinal) => "@p" + parameterOrdinal;

    /// <inheritdoc />
    protected override void SetRowUpdatingHandler(DbDataAdapter adapter)
    {
    }

    /// <inheritdoc />
    public override string QuoteIdentifier(string unquotedIdentifier) =>
        "\"" + unquotedIdentifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc />
    public override string UnquoteIdentifier(string quotedIdentifier) =>
        quotedIdentifier.Length >= 2 && quotedIdentifier[0] == '"' && quotedIdentifier[^1] == '"'
            ? quotedIdentifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : quotedIdentifier;
}
