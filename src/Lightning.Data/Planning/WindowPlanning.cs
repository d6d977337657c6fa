using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Sql.Syntax;
using Lightning.Kv;

namespace Lightning.Data.Planning;

/// <summary>Finds a query level's window functions (select list and ORDER BY) and binds them into <see cref="WindowSpec"/>s.</summary>
internal static class WindowPlanning
{
    /// <summary>The window function calls of a level's select list and ORDER BY, outside subqueries.</summary>
    public static List<WindowFunctionExpression> Collect(SelectStatement select, bool aggregate)
    {
        var found = new List<WindowFunctionExpression>();
        foreach (SelectItem item in select.Items) CollectFrom(item.Expression, found);
        foreach (OrderingTerm term in select.OrderBy) CollectFrom(term.Expression, found);
        if (found.Count > 0 && aggregate)
            throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation,
                $"Window function {found[0].Name}() in an aggregate query is not supported; compute the aggregate in a subquery in FROM and number its rows outside.", found[0]);
        return found;
    }

    private static void CollectFrom(Expression expression, List<WindowFunctionExpression> into)
    {
        if (expression is WindowFunctionExpression window)
        {
            into.Add(window);
            return;
        }
        foreach (Expression child in SyntaxFacts.Children(expression)) CollectFrom(child, into);
    }

    public static Dictionary<WindowFunctionExpression, int> Slots(List<WindowFunctionExpression> windows, int firstSlot)
    {
        var slots = new Dictionary<WindowFunctionExpression, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < windows.Count; i++) slots[windows[i]] = firstSlot + i;
        return slots;
    }

    public static WindowSpec[] Specs(List<WindowFunctionExpression> windows, int firstSlot, ExpressionBinder binder)
    {
        var specs = new WindowSpec[windows.Count];
        for (int w = 0; w < specs.Length; w++)
        {
            WindowFunctionExpression window = windows[w];
            WindowFunctionKind kind = window.Name switch
            {
                "ROW_NUMBER" => WindowFunctionKind.RowNumber,
                "RANK" => WindowFunctionKind.Rank,
                "DENSE_RANK" => WindowFunctionKind.DenseRank,
                _ => throw ExpressionBinder.Error(LightningErrorCode.SqlUnknownObject,
                    $"No such window function: {window.Name} (KV-SQL has ROW_NUMBER, RANK and DENSE_RANK).", window),
            };
            if (window.Arguments.Count != 0)
                throw ExpressionBinder.Error(LightningErrorCode.SqlUnknownObject, $"Wrong number of arguments to function {window.Name}().", window);
            var partitionBy = new BoundExpression[window.PartitionBy.Count];
            var partitionNoCase = new bool[partitionBy.Length];
            for (int i = 0; i < partitionBy.Length; i++)
            {
                partitionBy[i] = binder.Bind(window.PartitionBy[i]);
                partitionNoCase[i] = binder.ColumnTraits(window.PartitionBy[i]).NoCase;
            }
            var orderBy = new BoundExpression[window.OrderBy.Count];
            var keys = new SortKey[orderBy.Length];
            for (int i = 0; i < orderBy.Length; i++)
            {
                OrderingTerm term = window.OrderBy[i];
                orderBy[i] = binder.Bind(term.Expression);
                keys[i] = new SortKey(i, term.Descending, term.Nulls == NullsOrder.First || (term.Nulls == NullsOrder.Default && !term.Descending),
                    binder.ColumnTraits(term.Expression).NoCase);
            }
            specs[w] = new WindowSpec(kind, partitionBy, partitionNoCase, orderBy, keys, firstSlot + w);
        }
        return specs;
    }
}
