using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>The relational member translators plus <c>string.Length</c> → LENGTH and the DateTime/DateOnly/TimeOnly members.</summary>
public class LightningMemberTranslatorProvider : RelationalMemberTranslatorProvider
{
    /// <summary>Creates the provider.</summary>
    public LightningMemberTranslatorProvider(RelationalMemberTranslatorProviderDependencies dependencies) : base(dependencies)
        => AddTranslators([new StringLength(dependencies.SqlExpressionFactory), new LightningDateTimeMemberTranslator(dependencies.SqlExpressionFactory)]);

    private sealed class StringLength(ISqlExpressionFactory sql) : IMemberTranslator
    {
        public SqlExpression? Translate(SqlExpression? instance, MemberInfo member, Type returnType, IDiagnosticsLogger<DbLoggerCategory.Query> logger) =>
            instance is not null && member.DeclaringType == typeof(string) && member.Name == nameof(string.Length)
                ? sql.Function("LENGTH", [instance], nullable: true, argumentsPropagateNullability: [true], returnType)
                : null;
    }
}
