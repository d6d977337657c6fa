using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// The relational SQL translator plus <c>Math.Max</c>/<c>Math.Min</c> (EF Core routes them here, flattened, rather than to
/// the method translators): KV-SQL's scalar <c>MAX(a, b, …)</c>/<c>MIN(a, b, …)</c>, which are NULL when any argument is.
/// </summary>
public class LightningSqlTranslatingExpressionVisitor(
    RelationalSqlTranslatingExpressionVisitorDependencies dependencies,
    QueryCompilationContext queryCompilationContext,
    QueryableMethodTranslatingExpressionVisitor queryableMethodTranslatingExpressionVisitor)
    : RelationalSqlTranslatingExpressionVisitor(dependencies, queryCompilationContext, queryableMethodTranslatingExpressionVisitor)
{
    /// <inheritdoc />
    public override SqlExpression GenerateGreatest(IReadOnlyList<SqlExpression> expressions, Type resultType) => Scalar("MAX", expressions, resultType);

    /// <inheritdoc />
    public override SqlExpression GenerateLeast(IReadOnlyList<SqlExpression> expressions, Type resultType) => Scalar("MIN", expressions, resultType);

    private SqlExpression Scalar(string name, IReadOnlyList<SqlExpression> expressions, Type resultType)
    {
        ISqlExpressionFactory sql = Dependencies.SqlExpressionFactory;
        RelationalTypeMapping? mapping = ExpressionExtensions.InferTypeMapping([.. expressions]);
        var arguments = new SqlExpression[expressions.Count];
        var propagate = new bool[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = sql.ApplyTypeMapping(expressions[i], mapping);
            propagate[i] = true;
        }
        return sql.Function(name, arguments, nullable: true, argumentsPropagateNullability: propagate, resultType, mapping);
    }
}
