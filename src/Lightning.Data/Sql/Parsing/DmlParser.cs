using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Sql.Parsing;

internal sealed partial class SqlParserCore
{
    private InsertStatement ParseInsert()
    {
        InsertConflictAction action = InsertConflictAction.Abort;
        if (_cursor.TryKeyword("REPLACE")) action = InsertConflictAction.Replace;
        else
        {
            _cursor.Keyword("INSERT");
            if (_cursor.TryKeyword("OR"))
            {
                if (_cursor.TryKeyword("REPLACE")) action = InsertConflictAction.Replace;
                else if (_cursor.TryKeyword("IGNORE")) action = InsertConflictAction.Ignore;
                else if (_cursor.TryKeyword("ABORT") || _cursor.TryKeyword("FAIL") || _cursor.TryKeyword("ROLLBACK")) action = InsertConflictAction.Abort;
                else throw _cursor.Unexpected("REPLACE or IGNORE");
            }
        }
        _cursor.Keyword("INTO");
        string table = ParseName("a table name");
        if (_cursor.TryKeyword("AS")) ParseName("an alias");
        List<string>? columns = null;
        if (_cursor.TryToken(SqlToken.LParen))
        {
            columns = [];
            do columns.Add(ParseName("a column name")); while (_cursor.TryToken(SqlToken.Comma));
            _cursor.Expect(SqlToken.RParen, "')' or ','");
        }
        List<IReadOnlyList<Expression>>? rows = null;
        SelectStatement? select = null;
        bool defaultValues = false;
        if (_cursor.TryKeyword("VALUES"))
        {
            rows = [];
            do
            {
                _cursor.Expect(SqlToken.LParen, "'(' before a row of values");
                var row = new List<Expression>();
                do row.Add(ParseExpression()); while (_cursor.TryToken(SqlToken.Comma));
                _cursor.Expect(SqlToken.RParen, "')' or ','");
                rows.Add(row);
            }
            while (_cursor.TryToken(SqlToken.Comma));
        }
        else if (_cursor.IsKeyword("SELECT")) select = ParseSelect();
        else if (_cursor.TryKeyword("DEFAULT"))
        {
            _cursor.Keyword("VALUES");
            defaultValues = true;
        }
        else throw _cursor.Unexpected("VALUES, SELECT or DEFAULT VALUES");
        UpsertClause? upsert = null;
        if (_cursor.TryKeyword("ON"))
        {
            _cursor.Keyword("CONFLICT");
            List<string>? target = null;
            if (_cursor.TryToken(SqlToken.LParen))
            {
                target = [];
                do target.Add(ParseName("a column name")); while (_cursor.TryToken(SqlToken.Comma));
                _cursor.Expect(SqlToken.RParen, "')'");
            }
            _cursor.Keyword("DO");
            if (_cursor.TryKeyword("NOTHING")) upsert = new UpsertClause(target, null, null);
            else
            {
                _cursor.Keyword("UPDATE");
                _cursor.Keyword("SET");
                List<Assignment> set = ParseAssignments();
                Expression? where = _cursor.TryKeyword("WHERE") ? ParseExpression() : null;
                upsert = new UpsertClause(target, set, where);
            }
        }
        return new InsertStatement(action, table, columns, rows, select, defaultValues, upsert, ParseReturning());
    }

    private List<Assignment> ParseAssignments()
    {
        var set = new List<Assignment>();
        do
        {
            (int line, int column) = _cursor.Position;
            string name = ParseName("a column name");
            if (_cursor.TryToken(SqlToken.Dot)) name = ParseName("a column name");
            _cursor.Expect(SqlToken.Equal, "'='");
            set.Add(new Assignment(name, ParseExpression()) { SourceLine = line, SourceColumn = column });
        }
        while (_cursor.TryToken(SqlToken.Comma));
        return set;
    }

    private UpdateStatement ParseUpdate()
    {
        if (_cursor.TryKeyword("OR")) ParseName("a conflict action");
        string table = ParseName("a table name");
        string? alias = _cursor.TryKeyword("AS") ? ParseName("an alias") : (_cursor.IsKeyword("SET") ? null : ParseAlias());
        _cursor.Keyword("SET");
        List<Assignment> set = ParseAssignments();
        TableReference? from = null;
        var joins = new List<JoinClause>();
        if (_cursor.TryKeyword("FROM"))
        {
            from = ParseTableReference();
            ParseJoins(joins);
        }
        Expression? where = _cursor.TryKeyword("WHERE") ? ParseExpression() : null;
        return new UpdateStatement(table, alias, set, where, ParseReturning()) { From = from, Joins = joins };
    }

    private DeleteStatement ParseDelete()
    {
        _cursor.Keyword("FROM");
        string table = ParseName("a table name");
        string? alias = ParseAlias();
        Expression? where = _cursor.TryKeyword("WHERE") ? ParseExpression() : null;
        return new DeleteStatement(table, alias, where, ParseReturning());
    }
}
