using Microsoft.EntityFrameworkCore.Query;

namespace Lightning.EFCore.Query.Internal;

/// <summary>Creates <see cref="LightningSqlTranslatingExpressionVisitor"/>s.</summary>
public class LightningSqlTranslatingExpressionVisitorFactory(RelationalSqlTranslatingExpressionVisitorDependencies dependencies)
    : IRelationalSqlTranslatingExpressionVisitorFactory
{
    /// <inheritdoc />
    public RelationalSqlTranslatingExpressionVisitor Create(QueryCompilationContext queryCompilationContext,
        QueryableMethodTranslatingExpressionVisitor queryableMethodTranslatingExpressionVisitor) =>
        new LightningSqlTranslatingExpressionVisitor(dependencies, queryCompilationContext, queryableMethodTranslatingExpressionVisitor);
}
