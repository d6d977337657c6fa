using Lightning.Data.Catalog;
using Lightning.Data.Execution;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Planning;

/// <summary>Groups and aggregates of an aggregate query level, collected while its post-aggregate expressions are bound.</summary>
internal sealed class AggregationState
{
    public List<Expression> GroupSyntax { get; } = [];
    public List<BoundExpression> Groups { get; } = [];
    public List<AggregateSpec> Specs { get; } = [];
    public List<Expression> SpecSyntax { get; } = [];
}

/// <summary>
/// Binds syntax to <see cref="BoundExpression"/>s: resolves column names to frame slots (or enclosing levels' slots),
/// applies column affinity to comparison operands, plans subqueries, and — for aggregate queries — rewrites group
/// expressions and aggregate calls into slots of the aggregate's output row.
/// </summary>
internal sealed class ExpressionBinder(QueryScope scope, PlanningContext planning)
{
    private AggregationState? _aggregation;

    public QueryScope Scope => scope;

    /// <summary>Select-list aliases, usable in WHERE/GROUP BY/HAVING/ORDER BY when no column has the name (SQLite's rule).</summary>
    public Dictionary<string, Expression>? Aliases { get; set; }
    private int _aliasDepth;

    /// <summary>Binds in post-aggregate mode (select items, HAVING and ORDER BY of an aggregate query).</summary>
    public BoundExpression BindAggregated(Expression expression, AggregationState aggregation)
    {
        AggregationState? saved = _aggregation;
        Func<ScopeTable, int, int>? savedMap = scope.AggregateSlotMap;
        _aggregation = aggregation;
        scope.AggregateSlotMap = (table, column) => AggregateSlotOf(aggregation, table, column);
        try
        {
            return Bind(expression);
        }
        finally
        {
            _aggregation = saved;
            scope.AggregateSlotMap = savedMap;
        }
    }

    /// <summary>The aggregate-row slot holding a source column: its GROUP BY slot, or a bare-column (ANY) aggregate added for it.</summary>
    private int AggregateSlotOf(AggregationState aggregation, ScopeTable table, int column)
    {
        for (int i = 0; i < aggregation.GroupSyntax.Count; i++)
            if (aggregation.GroupSyntax[i] is ColumnExpression g && Refers(g, table, column)) return i;
        for (int i = 0; i < aggregation.Specs.Count; i++)
            if (aggregation.Specs[i].Function == "ANY" && aggregation.SpecSyntax[i] is ColumnExpression c && Refers(c, table, column))
                return aggregation.Groups.Count + i;
        string name = table.ColumnNames[column];
        aggregation.Specs.Add(new AggregateSpec("ANY", new SlotReference(table.BaseSlot + column, name, null), false));
        aggregation.SpecSyntax.Add(new ColumnExpression(table.Alias, name));
        return aggregation.Groups.Count + aggregation.Specs.Count - 1;
    }

    private bool Refers(ColumnExpression expression, ScopeTable table, int column) =>
        scope.Resolve(expression.Table, expression.Column, expression.SourceLine, expression.SourceColumn) is { } found
        && ReferenceEquals(found.Table, table) && found.Column == column;

    /// <summary>The frame slots of this level's window functions (select list and ORDER BY), found by reference.</summary>
    public Dictionary<WindowFunctionExpression, int>? WindowSlots { get; set; }

    public BoundExpression Bind(Expression expression)
    {
        if (_aggregation is not null)
        {
            BoundExpression? rewritten = BindAggregateReference(expression);
            if (rewritten is not null) return rewritten;
        }
        switch (expression)
        {
            case LiteralExpression literal:
                return new ConstantExpression(literal.Value);
            case ParameterExpression p:
                return new ParameterReference(p.Name, p.Position, p.SourceLine, p.SourceColumn);
            case ColumnExpression column:
                return BindColumn(column);
            case StarExpression star:
                throw Error(LightningErrorCode.SqlSyntax, "'*' is only allowed in a select list or COUNT(*).", star);
            case UnaryExpression unary:
                return new UnaryOperation(unary.Operator, Bind(unary.Operand));
            case BinaryExpression binary:
                return BindBinary(binary);
            case IsNullExpression isNull:
                return new IsNullTest(Bind(isNull.Operand), isNull.Negated);
            case InListExpression inList:
            {
                BoundExpression operand = Bind(inList.Operand);
                (SqlAffinity? affinity, bool noCase) = ColumnTraits(inList.Operand);
                var items = new BoundExpression[inList.Items.Count];
                for (int i = 0; i < items.Length; i++) items[i] = WithAffinity(Bind(inList.Items[i]), affinity);
                return new InListTest(operand, items, inList.Negated, noCase);
            }
            case InSubqueryExpression inSubquery:
                return new InSubqueryTest(Bind(inSubquery.Operand), PlanSubquery(inSubquery.Query), inSubquery.Negated);
            case BetweenExpression between:
            {
                (SqlAffinity? affinity, bool noCase) = ColumnTraits(between.Operand);
                return new BetweenTest(Bind(between.Operand), WithAffinity(Bind(between.Low), affinity), WithAffinity(Bind(between.High), affinity), between.Negated, noCase);
            }
            case LikeExpression like:
                return new LikeTest(Bind(like.Operand), Bind(like.Pattern), like.Escape is null ? null : Bind(like.Escape), like.Negated);
            case CaseExpression @case:
            {
                var whens = new BoundExpression[@case.Whens.Count];
                var thens = new BoundExpression[@case.Whens.Count];
                for (int i = 0; i < whens.Length; i++)
                {
                    whens[i] = Bind(@case.Whens[i].When);
                    thens[i] = Bind(@case.Whens[i].Then);
                }
                return new CaseOperation(@case.Operand is null ? null : Bind(@case.Operand), whens, thens, @case.Else is null ? null : Bind(@case.Else));
            }
            case CastExpression cast:
            {
                string name = cast.Type.Name.ToUpperInvariant();
                bool numericNamed = name is "NUMERIC" or "DECIMAL";
                SqlAffinity affinity = numericNamed ? SqlAffinity.Any : TypeAffinity.FromDeclaredType(cast.Type.Name);
                return new CastOperation(Bind(cast.Operand), affinity, numericNamed, cast.Type.ToString());
            }
            case CollateExpression collate:
                CheckCollation(collate);
                return Bind(collate.Operand);
            case ExistsExpression exists:
                return new ExistsTest(PlanSubquery(exists.Query));
            case SubqueryExpression subquery:
                return new ScalarSubquery(PlanSubquery(subquery.Query));
            case FunctionCallExpression call:
                return BindFunction(call);
            case WindowFunctionExpression window:
                if (WindowSlots is not null && WindowSlots.TryGetValue(window, out int windowSlot))
                    return new SlotReference(windowSlot, window.Name + "() OVER (…)", SqlType.Integer);
                throw Error(LightningErrorCode.SqlInvalidOperation, $"Misuse of window function {window.Name}(): window functions are allowed only in the select list and ORDER BY.", window);
            default:
                throw Error(LightningErrorCode.SqlSyntax, $"Unsupported expression {expression.GetType().Name}.", expression);
        }
    }

    private static void CheckCollation(CollateExpression collate)
    {
        if (collate.Collation.ToUpperInvariant() is not ("NOCASE" or "BINARY" or "RTRIM"))
            throw Error(LightningErrorCode.SqlUnknownObject, $"No such collation sequence: {collate.Collation}.", collate);
    }

    private BoundExpression BindBinary(BinaryExpression binary)
    {
        switch (binary.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                return new LogicalOperation(binary.Operator == BinaryOperator.And, Bind(binary.Left), Bind(binary.Right));
            case BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
                or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.Is or BinaryOperator.IsNot:
            {
                BoundExpression left = Bind(binary.Left), right = Bind(binary.Right);
                (SqlAffinity? leftAffinity, bool leftNoCase) = ColumnTraits(binary.Left);
                (SqlAffinity? rightAffinity, bool rightNoCase) = ColumnTraits(binary.Right);
                // A column's storage class applies to the other operand when that is not a column itself (SQLite's rule).
                if (leftAffinity is not null && rightAffinity is null) right = WithAffinity(right, leftAffinity);
                else if (rightAffinity is not null && leftAffinity is null) left = WithAffinity(left, rightAffinity);
                return new ComparisonOperation(binary.Operator, left, right, leftNoCase || rightNoCase);
            }
            default:
                return new ArithmeticOperation(binary.Operator, Bind(binary.Left), Bind(binary.Right));
        }
    }

    private static BoundExpression WithAffinity(BoundExpression expression, SqlAffinity? affinity) =>
        affinity is null or SqlAffinity.Any ? expression : new AffinityConversion(expression, affinity.Value);

    /// <summary>The storage class and NOCASE flag of a plain (possibly COLLATEd) column reference; null affinity otherwise.</summary>
    public (SqlAffinity? Affinity, bool NoCase) ColumnTraits(Expression expression)
    {
        bool noCase = false;
        while (expression is CollateExpression collate)
        {
            noCase |= string.Equals(collate.Collation, "NOCASE", StringComparison.OrdinalIgnoreCase);
            expression = collate.Operand;
        }
        if (expression is not ColumnExpression column) return (null, noCase);
        for (QueryScope? s = scope; s is not null; s = s.Parent)
        {
            (ScopeTable Table, int Column)? found = s.Resolve(column.Table, column.Column, column.SourceLine, column.SourceColumn);
            if (found is { } f) return (f.Table.Affinities[f.Column], noCase || f.Table.NoCase[f.Column]);
            if (planning.Excluded is { } ex && string.Equals(column.Table, "excluded", StringComparison.OrdinalIgnoreCase))
            {
                int i = ex.IndexOf(column.Column);
                if (i >= 0) return (ex.Affinities[i], noCase || ex.NoCase[i]);
            }
        }
        return (null, noCase);
    }

    private BoundExpression BindColumn(ColumnExpression column)
    {
        int levels = 0;
        for (QueryScope? s = scope; s is not null; s = s.Parent, levels++)
        {
            (ScopeTable Table, int Column)? found = s.Resolve(column.Table, column.Column, column.SourceLine, column.SourceColumn);
            if (found is not { } f) continue;
            int slot = f.Table.BaseSlot + f.Column;
            SqlType? type = f.Table.Affinities[f.Column] switch
            {
                SqlAffinity.Integer => SqlType.Integer,
                SqlAffinity.Real => SqlType.Real,
                SqlAffinity.Text => SqlType.Text,
                SqlAffinity.Blob => SqlType.Blob,
                _ => null,
            };
            if (levels == 0) return new SlotReference(slot, f.Table.ColumnNames[f.Column], type);
            for (QueryScope? inner = scope; inner != s; inner = inner!.Parent) inner!.IsCorrelated = true;
            s.ReferencedFromInside = true;
            if (s.AggregateSlotMap is { } map) slot = map(f.Table, f.Column);
            return new OuterSlotReference(levels, slot, f.Table.ColumnNames[f.Column]);
        }
        if (planning.Excluded is { } excluded && string.Equals(column.Table, "excluded", StringComparison.OrdinalIgnoreCase))
        {
            int index = excluded.IndexOf(column.Column);
            if (index >= 0) return new SlotReference(excluded.BaseSlot + index, "excluded." + excluded.ColumnNames[index], null);
        }
        if (column.Table is null && Aliases is not null && _aliasDepth < 8 && Aliases.TryGetValue(column.Column, out Expression? aliased))
        {
            _aliasDepth++;
            try
            {
                return Bind(aliased);
            }
            finally
            {
                _aliasDepth--;
            }
        }
        if (column.Table is not null && !HasQualifier(column.Table))
            throw Error(LightningErrorCode.SqlUnknownObject, $"No such table or alias: {column.Table} (in {column.Table}.{column.Column}).", column);
        throw Error(LightningErrorCode.SqlUnknownObject, $"No such column: {(column.Table is null ? "" : column.Table + ".")}{column.Column}.", column);
    }

    private bool HasQualifier(string qualifier)
    {
        for (QueryScope? s = scope; s is not null; s = s.Parent)
            if (s.HasTable(qualifier)) return true;
        return planning.Excluded is not null && string.Equals(qualifier, "excluded", StringComparison.OrdinalIgnoreCase);
    }

    private BoundExpression BindFunction(FunctionCallExpression call)
    {
        if (SyntaxFacts.IsAggregateCall(call))
            throw Error(LightningErrorCode.SqlInvalidOperation, $"Misuse of aggregate function {call.Name}(): aggregates are allowed in the select list, HAVING and ORDER BY.", call);
        if (call.Star) throw Error(LightningErrorCode.SqlSyntax, $"{call.Name}(*) is not a function call KV-SQL knows.", call);
        if (MathFunction.TryResolve(call.Name, call.Arguments.Count, out MathFunctionKind math, out bool mathCount))
        {
            if (!mathCount) throw Error(LightningErrorCode.SqlUnknownObject, $"Wrong number of arguments to function {call.Name}().", call);
            return new MathFunction(math, call.Name, BindArguments(call), call.SourceLine, call.SourceColumn);
        }
        if (DateTimeFunction.TryResolve(call.Name, call.Arguments.Count, out DateTimeFunctionKind dateTime, out bool dateTimeCount))
        {
            if (!dateTimeCount) throw Error(LightningErrorCode.SqlUnknownObject, $"Wrong number of arguments to function {call.Name}().", call);
            for (int i = 0; i < call.Arguments.Count; i++)
                if (call.Arguments[i] is LiteralExpression literal && DateTimeFunction.CheckConstant(dateTime, i, literal.Value) is { } problem)
                    throw Error(LightningErrorCode.SqlInvalidOperation, problem, call.Arguments[i]);
            return new DateTimeFunction(dateTime, call.Name, BindArguments(call), call.SourceLine, call.SourceColumn);
        }
        if (!FunctionCall.IsKnown(call.Name, call.Arguments.Count))
        {
            string message = FunctionCall.IsKnown(call.Name, 0) || FunctionCall.IsKnown(call.Name, 1) || FunctionCall.IsKnown(call.Name, 2) || FunctionCall.IsKnown(call.Name, 3)
                ? $"Wrong number of arguments to function {call.Name}()."
                : $"No such function: {call.Name}.";
            throw Error(LightningErrorCode.SqlUnknownObject, message, call);
        }
        return new FunctionCall(call.Name, BindArguments(call));
    }

    private BoundExpression[] BindArguments(FunctionCallExpression call)
    {
        var arguments = new BoundExpression[call.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++) arguments[i] = Bind(call.Arguments[i]);
        return arguments;
    }

    /// <summary>In post-aggregate mode: a group expression, an aggregate call or a bare column becomes a slot of the aggregate row.</summary>
    private BoundExpression? BindAggregateReference(Expression expression)
    {
        AggregationState aggregation = _aggregation!;
        for (int i = 0; i < aggregation.GroupSyntax.Count; i++)
            if (SyntaxFacts.SameExpression(aggregation.GroupSyntax[i], expression))
                return new SlotReference(i, aggregation.Groups[i].ToString(), aggregation.Groups[i].ResultType);
        if (expression is FunctionCallExpression call && SyntaxFacts.IsAggregateCall(call))
        {
            for (int i = 0; i < aggregation.SpecSyntax.Count; i++)
                if (SyntaxFacts.SameExpression(aggregation.SpecSyntax[i], call))
                    return AggregateSlot(aggregation, i);
            _aggregation = null; // arguments are bound against the source rows
            AggregateSpec spec;
            try
            {
                if (call.Arguments.Count > 0 && SyntaxFacts.ContainsAggregate(call.Arguments[0]))
                    throw Error(LightningErrorCode.SqlInvalidOperation, $"Aggregate functions cannot be nested ({call.Name}).", call);
                spec = new AggregateSpec(call.Name, call.Star ? null : Bind(call.Arguments[0]), call.Distinct,
                    call.Arguments.Count > 1 ? Bind(call.Arguments[1]) : null);
            }
            finally
            {
                _aggregation = aggregation;
            }
            aggregation.Specs.Add(spec);
            aggregation.SpecSyntax.Add(call);
            return AggregateSlot(aggregation, aggregation.Specs.Count - 1);
        }
        if (expression is ColumnExpression column && scope.Resolve(column.Table, column.Column, column.SourceLine, column.SourceColumn) is not null)
        {
            // A bare column outside GROUP BY takes its value from a row of the group (SQLite's behaviour).
            _aggregation = null;
            BoundExpression bound;
            try
            {
                bound = Bind(column);
            }
            finally
            {
                _aggregation = aggregation;
            }
            aggregation.Specs.Add(new AggregateSpec("ANY", bound, false));
            aggregation.SpecSyntax.Add(column);
            return new SlotReference(aggregation.Groups.Count + aggregation.Specs.Count - 1, column.Column, bound.ResultType);
        }
        return null;
    }

    private static SlotReference AggregateSlot(AggregationState aggregation, int index)
    {
        AggregateSpec spec = aggregation.Specs[index];
        SqlType? type = spec.Function switch
        {
            "COUNT" => SqlType.Integer,
            "AVG" or "TOTAL" => SqlType.Real,
            "GROUP_CONCAT" => SqlType.Text,
            _ => spec.Argument?.ResultType,
        };
        return new SlotReference(aggregation.Groups.Count + index, spec.ToString(), type);
    }

    private SubqueryPlan PlanSubquery(SelectStatement query)
    {
        PlannedQuery planned = new SelectPlanner(planning).Plan(query, scope);
        return new SubqueryPlan(planned.Root, planned.Frame, planned.Scope.IsCorrelated);
    }

    public static LightningSqlException Error(LightningErrorCode code, string message, SyntaxNode node) =>
        new(code, message, node.SourceLine, node.SourceColumn);
}
