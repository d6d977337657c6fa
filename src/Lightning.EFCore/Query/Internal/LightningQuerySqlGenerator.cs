using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// Writes EF Core's SQL tree as KV-SQL (SQLite's syntax): <c>LIMIT n OFFSET m</c> paging (<c>LIMIT -1</c> for an
/// offset alone) and <c>||</c> for string concatenation.
/// </summary>
public class LightningQuerySqlGenerator(QuerySqlGeneratorDependencies dependencies) : QuerySqlGenerator(dependencies)
{
    /// <inheritdoc />
    protected override void GenerateLimitOffset(SelectExpression selectExpression)
    {
        if (selectExpression.Limit is null && selectExpression.Offset is null) return;
        Sql.AppendLine().Append("LIMIT ");
        if (selectExpression.Limit is not null) Visit(selectExpression.Limit);
        else Sql.Append("-1");
        if (selectExpression.Offset is not null)
        {
            Sql.Append(" OFFSET ");
            Visit(selectExpression.Offset);
        }
    }

    /// <inheritdoc />
    protected override string GetOperator(SqlBinaryExpression binaryExpression) =>
        binaryExpression.OperatorType == ExpressionType.Add && binaryExpression.Type == typeof(string)
            ? " || "
            : base.GetOperator(binaryExpression);
}
