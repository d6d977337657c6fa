using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Sql.Parsing;

/// <summary>The recursive-descent parser over Superpower tokens: statements here, expressions in ExpressionParser.cs, DDL in DdlParser.cs.</summary>
internal sealed partial class SqlParserCore(TokenCursor cursor)
{
    private readonly TokenCursor _cursor = cursor;

    public IReadOnlyList<Statement> ParseStatements()
    {
        var statements = new List<Statement>();
        while (!_cursor.AtEnd)
        {
            if (_cursor.TryToken(SqlToken.Semicolon)) continue;
            statements.Add(ParseStatement());
            if (!_cursor.AtEnd && !_cursor.TryToken(SqlToken.Semicolon)) throw _cursor.Unexpected("';' or the end of the statement");
        }
        return statements;
    }

    private Statement ParseStatement()
    {
        (int line, int column) = _cursor.Position;
        Statement statement;
        if (_cursor.IsKeyword("SELECT")) statement = ParseSelect();
        else if (_cursor.IsKeyword("INSERT") || _cursor.IsKeyword("REPLACE")) statement = ParseInsert();
        else if (_cursor.TryKeyword("UPDATE")) statement = ParseUpdate();
        else if (_cursor.TryKeyword("DELETE")) statement = ParseDelete();
        else if (_cursor.TryKeyword("CREATE")) statement = ParseCreate();
        else if (_cursor.TryKeyword("DROP")) statement = ParseDrop();
        else if (_cursor.TryKeyword("ALTER")) statement = ParseAlter();
        else if (_cursor.TryKeyword("EXPLAIN"))
        {
            if (_cursor.TryKeyword("QUERY")) _cursor.Keyword("PLAN");
            if (_cursor.IsKeyword("EXPLAIN")) throw _cursor.Unexpected("a statement to explain");
            statement = new ExplainStatement(ParseStatement());
        }
        else if (_cursor.TryKeyword("BEGIN"))
        {
            if (!_cursor.TryKeyword("DEFERRED") && !_cursor.TryKeyword("IMMEDIATE")) _cursor.TryKeyword("EXCLUSIVE");
            _cursor.TryKeyword("TRANSACTION");
            statement = new BeginStatement();
        }
        else if (_cursor.TryKeyword("COMMIT") || _cursor.TryKeyword("END"))
        {
            _cursor.TryKeyword("TRANSACTION");
            statement = new CommitStatement();
        }
        else if (_cursor.TryKeyword("ROLLBACK"))
        {
            _cursor.TryKeyword("TRANSACTION");
            string? savepoint = null;
            if (_cursor.TryKeyword("TO"))
            {
                _cursor.TryKeyword("SAVEPOINT");
                savepoint = ParseName("a savepoint name");
            }
            statement = new RollbackStatement(savepoint);
        }
        else if (_cursor.TryKeyword("SAVEPOINT")) statement = new SavepointStatement(ParseName("a savepoint name"));
        else if (_cursor.TryKeyword("RELEASE"))
        {
            _cursor.TryKeyword("SAVEPOINT");
            statement = new ReleaseStatement(ParseName("a savepoint name"));
        }
        else if (_cursor.TryKeyword("PRAGMA"))
        {
            string name = ParseName("a pragma name").ToLowerInvariant();
            Expression? value = null;
            if (_cursor.TryToken(SqlToken.Equal)) value = ParseExpression();
            else if (_cursor.TryToken(SqlToken.LParen))
            {
                value = ParseExpression();
                _cursor.Expect(SqlToken.RParen, "')'");
            }
            statement = new PragmaStatement(name, value);
        }
        else throw _cursor.Unexpected("a statement (SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, EXPLAIN, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, PRAGMA)");
        return statement with { SourceLine = line, SourceColumn = column };
    }

    private SelectStatement ParseSelect()
    {
        if (++_cursor.Depth > MaxDepth) throw _cursor.Error("The query is nested too deeply.");
        (int line, int column) = _cursor.Position;
        SelectStatement first = ParseSelectCore();
        var parts = new List<CompoundPart>();
        while (true)
        {
            CompoundOperator op;
            if (_cursor.TryKeyword("UNION")) op = _cursor.TryKeyword("ALL") ? CompoundOperator.UnionAll : CompoundOperator.Union;
            else if (_cursor.TryKeyword("INTERSECT")) op = CompoundOperator.Intersect;
            else if (_cursor.TryKeyword("EXCEPT")) op = CompoundOperator.Except;
            else break;
            parts.Add(new CompoundPart(op, ParseSelectCore()));
        }
        var orderBy = new List<OrderingTerm>();
        if (_cursor.TryKeyword("ORDER"))
        {
            _cursor.Keyword("BY");
            do orderBy.Add(ParseOrderingTerm()); while (_cursor.TryToken(SqlToken.Comma));
        }
        Expression? limit = null, offset = null;
        if (_cursor.TryKeyword("LIMIT"))
        {
            limit = ParseExpression();
            if (_cursor.TryKeyword("OFFSET")) offset = ParseExpression();
            else if (_cursor.TryToken(SqlToken.Comma))
            {
                offset = limit;
                limit = ParseExpression();
            }
        }
        _cursor.Depth--;
        return first with { OrderBy = orderBy, Limit = limit, Offset = offset, Compound = parts, SourceLine = line, SourceColumn = column };
    }

    private SelectStatement ParseSelectCore()
    {
        (int line, int column) = _cursor.Position;
        _cursor.Keyword("SELECT");
        bool distinct = _cursor.TryKeyword("DISTINCT");
        if (!distinct) _cursor.TryKeyword("ALL");
        var items = new List<SelectItem>();
        do items.Add(ParseSelectItem()); while (_cursor.TryToken(SqlToken.Comma));
        TableReference? from = null;
        var joins = new List<JoinClause>();
        if (_cursor.TryKeyword("FROM"))
        {
            from = ParseTableReference();
            ParseJoins(joins);
        }
        Expression? where = _cursor.TryKeyword("WHERE") ? ParseExpression() : null;
        var groupBy = new List<Expression>();
        if (_cursor.TryKeyword("GROUP"))
        {
            _cursor.Keyword("BY");
            do groupBy.Add(ParseExpression()); while (_cursor.TryToken(SqlToken.Comma));
        }
        Expression? having = _cursor.TryKeyword("HAVING") ? ParseExpression() : null;
        return new SelectStatement(distinct, items, from, joins, where, groupBy, having, [], null, null) { SourceLine = line, SourceColumn = column };
    }

    /// <summary>The joins after a FROM clause's first source (SELECT and UPDATE … FROM share them).</summary>
    private void ParseJoins(List<JoinClause> joins)
    {
        while (true)
        {
            (int line, int column) = _cursor.Position;
            JoinKind kind;
            if (_cursor.TryToken(SqlToken.Comma)) kind = JoinKind.Cross;
            else if (_cursor.TryKeyword("JOIN")) kind = JoinKind.Inner;
            else if (_cursor.TryKeyword("INNER")) { _cursor.Keyword("JOIN"); kind = JoinKind.Inner; }
            else if (_cursor.TryKeyword("CROSS")) { _cursor.Keyword("JOIN"); kind = JoinKind.Cross; }
            else if (_cursor.TryKeyword("LEFT")) { _cursor.TryKeyword("OUTER"); _cursor.Keyword("JOIN"); kind = JoinKind.Left; }
            else break;
            TableReference table = ParseTableReference();
            Expression? on = _cursor.TryKeyword("ON") ? ParseExpression() : null;
            if (kind == JoinKind.Left && on is null) throw _cursor.Unexpected("ON after LEFT JOIN");
            joins.Add(new JoinClause(kind, table, on) { SourceLine = line, SourceColumn = column });
        }
    }

    private SelectItem ParseSelectItem()
    {
        (int line, int column) = _cursor.Position;
        if (_cursor.TryToken(SqlToken.Star)) return new SelectItem(new StarExpression(null) { SourceLine = line, SourceColumn = column }, null);
        if (_cursor.Kind is SqlToken.Identifier or SqlToken.QuotedIdentifier && _cursor.PeekKind(1) == SqlToken.Dot && _cursor.PeekKind(2) == SqlToken.Star && !IsReservedAt(0))
        {
            string table = ParseName("a table name");
            _cursor.Advance();
            _cursor.Advance();
            return new SelectItem(new StarExpression(table) { SourceLine = line, SourceColumn = column }, null);
        }
        Expression expression = ParseExpression();
        return new SelectItem(expression, ParseAlias());
    }

    private string? ParseAlias()
    {
        if (_cursor.TryKeyword("AS")) return _cursor.Kind == SqlToken.String ? TokenCursor.StringText(_cursor.Advance()) : ParseName("an alias");
        if (_cursor.Kind == SqlToken.QuotedIdentifier || (_cursor.Kind == SqlToken.Identifier && !IsReservedAt(0))) return ParseName("an alias");
        return null;
    }

    private TableReference ParseTableReference()
    {
        (int line, int column) = _cursor.Position;
        if (_cursor.TryToken(SqlToken.LParen))
        {
            SelectStatement query = ParseSelect();
            _cursor.Expect(SqlToken.RParen, "')'");
            string alias = ParseAlias() ?? "subquery";
            return new DerivedTable(query, alias) { SourceLine = line, SourceColumn = column };
        }
        string name = ParseName("a table name");
        return new NamedTable(name, ParseAlias()) { SourceLine = line, SourceColumn = column };
    }

    private OrderingTerm ParseOrderingTerm()
    {
        Expression expression = ParseExpression();
        bool descending = _cursor.TryKeyword("DESC");
        if (!descending) _cursor.TryKeyword("ASC");
        NullsOrder nulls = NullsOrder.Default;
        if (_cursor.TryKeyword("NULLS"))
        {
            if (_cursor.TryKeyword("FIRST")) nulls = NullsOrder.First;
            else
            {
                _cursor.Keyword("LAST");
                nulls = NullsOrder.Last;
            }
        }
        return new OrderingTerm(expression, descending, nulls);
    }

    private List<SelectItem>? ParseReturning()
    {
        if (!_cursor.TryKeyword("RETURNING")) return null;
        var items = new List<SelectItem>();
        do items.Add(ParseSelectItem()); while (_cursor.TryToken(SqlToken.Comma));
        return items;
    }
}
