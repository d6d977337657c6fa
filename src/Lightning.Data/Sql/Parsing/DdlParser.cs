using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Sql.Parsing;

internal sealed partial class SqlParserCore
{
    private Statement ParseCreate()
    {
        bool unique = _cursor.TryKeyword("UNIQUE");
        if (_cursor.TryKeyword("INDEX"))
        {
            bool ifNotExists = ParseIfNotExists();
            string name = ParseName("an index name");
            _cursor.Keyword("ON");
            string table = ParseName("a table name");
            return new CreateIndexStatement(name, table, unique, ifNotExists, ParseIndexColumns());
        }
        if (unique) throw _cursor.Unexpected("INDEX");
        _cursor.TryKeyword("TEMP");
        _cursor.TryKeyword("TEMPORARY");
        _cursor.Keyword("TABLE");
        bool ifNot = ParseIfNotExists();
        string tableName = ParseName("a table name");
        _cursor.Expect(SqlToken.LParen, "'(' and the column definitions");
        var columns = new List<ColumnDefinition>();
        var constraints = new List<TableConstraint>();
        do
        {
            if (IsTableConstraintStart()) constraints.Add(ParseTableConstraint());
            else columns.Add(ParseColumnDefinition());
        }
        while (_cursor.TryToken(SqlToken.Comma));
        _cursor.Expect(SqlToken.RParen, "')' or ','");
        foreach (Expression check in _pendingChecks) constraints.Add(new CheckConstraint(null, check));
        _pendingChecks.Clear();
        // Table options (WITHOUT ROWID, STRICT) are accepted and ignored.
        if (_cursor.IsKeyword("WITHOUT") || _cursor.IsKeyword("STRICT"))
        {
            do
            {
                if (_cursor.TryKeyword("WITHOUT")) _cursor.Keyword("ROWID");
                else _cursor.Keyword("STRICT");
            }
            while (_cursor.TryToken(SqlToken.Comma));
        }
        return new CreateTableStatement(tableName, ifNot, columns, constraints);
    }

    private bool ParseIfNotExists()
    {
        if (!_cursor.TryKeyword("IF")) return false;
        _cursor.Keyword("NOT");
        _cursor.Keyword("EXISTS");
        return true;
    }

    private bool ParseIfExists()
    {
        if (!_cursor.TryKeyword("IF")) return false;
        _cursor.Keyword("EXISTS");
        return true;
    }

    private bool IsTableConstraintStart() =>
        _cursor.IsKeyword("CONSTRAINT") || (_cursor.IsKeyword("PRIMARY") && _cursor.IsKeywordAt(1, "KEY")) || (_cursor.IsKeyword("UNIQUE") && _cursor.PeekKind(1) == SqlToken.LParen)
        || _cursor.IsKeyword("FOREIGN") || (_cursor.IsKeyword("CHECK") && _cursor.PeekKind(1) == SqlToken.LParen);

    private List<IndexColumn> ParseIndexColumns()
    {
        _cursor.Expect(SqlToken.LParen, "'(' and the columns");
        var columns = new List<IndexColumn>();
        do
        {
            string name = ParseName("a column name");
            if (_cursor.TryKeyword("COLLATE")) ParseName("a collation");
            bool descending = _cursor.TryKeyword("DESC");
            if (!descending) _cursor.TryKeyword("ASC");
            columns.Add(new IndexColumn(name, descending));
        }
        while (_cursor.TryToken(SqlToken.Comma));
        _cursor.Expect(SqlToken.RParen, "')' or ','");
        return columns;
    }

    private TableConstraint ParseTableConstraint()
    {
        (int line, int column) = _cursor.Position;
        string? name = _cursor.TryKeyword("CONSTRAINT") ? ParseName("a constraint name") : null;
        TableConstraint constraint;
        if (_cursor.TryKeyword("PRIMARY"))
        {
            _cursor.Keyword("KEY");
            List<IndexColumn> columns = ParseIndexColumns();
            constraint = new PrimaryKeyConstraint(name, columns, _cursor.TryKeyword("AUTOINCREMENT"));
        }
        else if (_cursor.TryKeyword("UNIQUE")) constraint = new UniqueConstraint(name, ParseIndexColumns());
        else if (_cursor.TryKeyword("CHECK"))
        {
            _cursor.Expect(SqlToken.LParen, "'('");
            Expression condition = ParseExpression();
            _cursor.Expect(SqlToken.RParen, "')'");
            constraint = new CheckConstraint(name, condition);
        }
        else if (_cursor.TryKeyword("FOREIGN"))
        {
            _cursor.Keyword("KEY");
            List<IndexColumn> columns = ParseIndexColumns();
            constraint = ParseReferences(name, columns.ConvertAll(c => c.Name));
        }
        else throw _cursor.Unexpected("PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY");
        return constraint with { SourceLine = line, SourceColumn = column };
    }

    private ForeignKeyConstraint ParseReferences(string? name, List<string> columns)
    {
        _cursor.Keyword("REFERENCES");
        string table = ParseName("a table name");
        var referenced = new List<string>();
        if (_cursor.Kind == SqlToken.LParen) referenced = ParseIndexColumns().ConvertAll(c => c.Name);
        string? onDelete = null, onUpdate = null;
        while (_cursor.IsKeyword("ON") || _cursor.IsKeyword("MATCH") || _cursor.IsKeyword("DEFERRABLE") || (_cursor.IsKeyword("NOT") && _cursor.IsKeywordAt(1, "DEFERRABLE")))
        {
            if (_cursor.TryKeyword("MATCH")) { ParseName("a match type"); continue; }
            if (_cursor.TryKeyword("NOT") || _cursor.TryKeyword("DEFERRABLE"))
            {
                _cursor.TryKeyword("DEFERRABLE");
                if (_cursor.TryKeyword("INITIALLY")) ParseName("DEFERRED or IMMEDIATE");
                continue;
            }
            _cursor.Keyword("ON");
            bool delete = _cursor.TryKeyword("DELETE");
            if (!delete) _cursor.Keyword("UPDATE");
            string action;
            if (_cursor.TryKeyword("CASCADE")) action = "CASCADE";
            else if (_cursor.TryKeyword("RESTRICT")) action = "RESTRICT";
            else if (_cursor.TryKeyword("SET")) action = _cursor.TryKeyword("NULL") ? "SET NULL" : Then(() => _cursor.Keyword("DEFAULT"), "SET DEFAULT");
            else { _cursor.Keyword("NO"); _cursor.Keyword("ACTION"); action = "NO ACTION"; }
            if (delete) onDelete = action;
            else onUpdate = action;
        }
        return new ForeignKeyConstraint(name, columns, table, referenced, onDelete, onUpdate);
    }

    private static string Then(Action action, string result)
    {
        action();
        return result;
    }

    private ColumnDefinition ParseColumnDefinition()
    {
        (int line, int column) = _cursor.Position;
        string name = ParseName("a column name");
        TypeName? type = ParseTypeName();
        bool primaryKey = false, descending = false, autoIncrement = false, notNull = false, unique = false;
        Expression? @default = null;
        string? collation = null;
        ForeignKeyConstraint? references = null;
        while (true)
        {
            if (_cursor.TryKeyword("CONSTRAINT")) ParseName("a constraint name");
            if (_cursor.TryKeyword("PRIMARY"))
            {
                _cursor.Keyword("KEY");
                descending = _cursor.TryKeyword("DESC");
                if (!descending) _cursor.TryKeyword("ASC");
                primaryKey = true;
                autoIncrement = _cursor.TryKeyword("AUTOINCREMENT");
            }
            else if (_cursor.TryKeyword("NOT")) { _cursor.Keyword("NULL"); notNull = true; }
            else if (_cursor.TryKeyword("NULL")) { }
            else if (_cursor.TryKeyword("UNIQUE")) unique = true;
            else if (_cursor.TryKeyword("DEFAULT"))
            {
                if (_cursor.TryToken(SqlToken.LParen))
                {
                    @default = ParseExpression();
                    _cursor.Expect(SqlToken.RParen, "')'");
                }
                else @default = _cursor.Kind is SqlToken.Minus or SqlToken.Plus ? ParseUnary() : ParsePrimary();
            }
            else if (_cursor.TryKeyword("COLLATE")) collation = ParseName("a collation name");
            else if (_cursor.IsKeyword("REFERENCES")) references = ParseReferences(null, [name]);
            else if (_cursor.TryKeyword("CHECK"))
            {
                _cursor.Expect(SqlToken.LParen, "'('");
                Expression condition = ParseExpression();
                _cursor.Expect(SqlToken.RParen, "')'");
                _pendingChecks.Add(condition);
            }
            else break;
        }
        return new ColumnDefinition(name, type, primaryKey, descending, autoIncrement, notNull, unique, @default, collation)
        {
            References = references,
            SourceLine = line,
            SourceColumn = column,
        };
    }

    private readonly List<Expression> _pendingChecks = [];

    private Statement ParseDrop()
    {
        if (_cursor.TryKeyword("INDEX"))
        {
            bool ifExists = ParseIfExists();
            return new DropIndexStatement(ParseName("an index name"), ifExists);
        }
        _cursor.Keyword("TABLE");
        bool exists = ParseIfExists();
        return new DropTableStatement(ParseName("a table name"), exists);
    }

    private Statement ParseAlter()
    {
        _cursor.Keyword("TABLE");
        string table = ParseName("a table name");
        if (_cursor.TryKeyword("ADD"))
        {
            _cursor.TryKeyword("COLUMN");
            return new AlterTableAddColumnStatement(table, ParseColumnDefinition());
        }
        if (_cursor.TryKeyword("DROP"))
        {
            _cursor.TryKeyword("COLUMN");
            return new AlterTableDropColumnStatement(table, ParseName("a column name"));
        }
        _cursor.Keyword("RENAME");
        if (_cursor.TryKeyword("TO")) return new AlterTableRenameStatement(table, ParseName("a table name"));
        _cursor.TryKeyword("COLUMN");
        string old = ParseName("a column name");
        _cursor.Keyword("TO");
        return new AlterTableRenameColumnStatement(table, old, ParseName("a column name"));
    }
}
