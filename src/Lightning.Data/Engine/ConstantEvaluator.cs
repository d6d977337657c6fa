using Lightning.Data.Execution;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Parsing;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Engine;

/// <summary>Evaluates stored DEFAULT expressions, which may not refer to columns or parameters.</summary>
internal static class ConstantEvaluator
{
    public static Expression ParseExpression(string sql)
    {
        IReadOnlyList<Statement> statements = SqlParser.Parse("SELECT " + sql);
        if (statements is [SelectStatement { Items: [{ } item], From: null }]) return item.Expression;
        throw new LightningSqlException(LightningErrorCode.SqlSyntax, $"Not a single expression: {sql}");
    }

    public static SqlValue Evaluate(string sql) => Bind(sql).Evaluate(new Frame(0, null, null!));

    /// <summary>Parses and binds a stored DEFAULT once, for a prepared INSERT to evaluate per row.</summary>
    public static BoundExpression Bind(string sql)
    {
        Expression expression = ParseExpression(sql);
        var columns = new List<ColumnExpression>();
        SyntaxFacts.CollectColumns(expression, columns);
        if (columns.Count > 0 || SyntaxFacts.ContainsSubquery(expression))
            throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, $"A DEFAULT must be a constant expression: {sql}");
        return new ExpressionBinder(new QueryScope(null), null!).Bind(expression);
    }
}
