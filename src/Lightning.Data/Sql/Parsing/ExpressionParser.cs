using System.Globalization;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Superpower.Model;

namespace Lightning.Data.Sql.Parsing;

/// <summary>KV-SQL expressions with SQLite's precedence: OR; AND; NOT; = == != &lt;&gt; IS IN LIKE BETWEEN; &lt; &lt;= &gt; &gt;=;
/// &amp; | &lt;&lt; &gt;&gt;; + -; * / %; ||; unary - + ~; COLLATE; primaries.</summary>
internal sealed partial class SqlParserCore
{
    private const int MaxDepth = 200;

    /// <summary>Words that cannot be bare identifiers (they start or continue clauses).</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "JOIN", "ON",
        "LEFT", "INNER", "CROSS", "OUTER", "AND", "OR", "NOT", "IS", "IN", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN", "ELSE", "END",
        "AS", "NULL", "TRUE", "FALSE", "INSERT", "UPDATE", "DELETE", "SET", "VALUES", "INTO", "CREATE", "DROP", "TABLE", "INDEX",
        "ALTER", "EXISTS", "DISTINCT", "ALL", "RETURNING", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CONSTRAINT", "COLLATE",
        "CAST", "ESCAPE", "BY", "ASC", "DESC", "CHECK", "FOREIGN", "NOTNULL", "ISNULL", "USING", "NATURAL", "WITH",
    };

    private Expression ParseExpression()
    {
        if (++_cursor.Depth > MaxDepth) throw _cursor.Error("The expression is nested too deeply.");
        try
        {
            return ParseOr();
        }
        finally
        {
            _cursor.Depth--;
        }
    }

    private Expression ParseOr()
    {
        Expression left = ParseAnd();
        while (_cursor.TryKeyword("OR")) left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd()) { SourceLine = left.SourceLine, SourceColumn = left.SourceColumn };
        return left;
    }

    private Expression ParseAnd()
    {
        Expression left = ParseNot();
        while (_cursor.TryKeyword("AND")) left = new BinaryExpression(BinaryOperator.And, left, ParseNot()) { SourceLine = left.SourceLine, SourceColumn = left.SourceColumn };
        return left;
    }

    private Expression ParseNot()
    {
        if (_cursor.IsKeyword("NOT") && !_cursor.IsKeywordAt(1, "EXISTS"))
        {
            (int line, int column) = _cursor.Position;
            _cursor.Advance();
            if (++_cursor.Depth > MaxDepth) throw _cursor.Error("The expression is nested too deeply.");
            Expression operand = ParseNot();
            _cursor.Depth--;
            return new UnaryExpression(UnaryOperator.Not, operand) { SourceLine = line, SourceColumn = column };
        }
        return ParseEquality();
    }

    private Expression ParseEquality()
    {
        Expression left = ParseComparison();
        while (true)
        {
            if (_cursor.Kind is SqlToken.Equal or SqlToken.NotEqual)
            {
                BinaryOperator op = _cursor.Advance().Kind == SqlToken.Equal ? BinaryOperator.Equal : BinaryOperator.NotEqual;
                left = Positioned(new BinaryExpression(op, left, ParseComparison()), left);
                continue;
            }
            if (_cursor.TryKeyword("ISNULL")) { left = Positioned(new IsNullExpression(left, false), left); continue; }
            if (_cursor.TryKeyword("NOTNULL")) { left = Positioned(new IsNullExpression(left, true), left); continue; }
            if (_cursor.IsKeyword("IS"))
            {
                _cursor.Advance();
                bool negated = _cursor.TryKeyword("NOT");
                if (_cursor.TryKeyword("NULL")) left = Positioned(new IsNullExpression(left, negated), left);
                else left = Positioned(new BinaryExpression(negated ? BinaryOperator.IsNot : BinaryOperator.Is, left, ParseComparison()), left);
                continue;
            }
            bool not = _cursor.IsKeyword("NOT") && (_cursor.IsKeywordAt(1, "IN") || _cursor.IsKeywordAt(1, "LIKE") || _cursor.IsKeywordAt(1, "BETWEEN") || _cursor.IsKeywordAt(1, "NULL"));
            if (not) _cursor.Advance();
            if (not && _cursor.TryKeyword("NULL")) { left = Positioned(new IsNullExpression(left, true), left); continue; }
            if (_cursor.TryKeyword("IN"))
            {
                _cursor.Expect(SqlToken.LParen, "'(' after IN");
                if (_cursor.IsKeyword("SELECT"))
                {
                    SelectStatement query = ParseSelect();
                    _cursor.Expect(SqlToken.RParen, "')'");
                    left = Positioned(new InSubqueryExpression(left, query, not), left);
                }
                else
                {
                    var items = new List<Expression>();
                    if (_cursor.Kind != SqlToken.RParen)
                        do items.Add(ParseExpression()); while (_cursor.TryToken(SqlToken.Comma));
                    _cursor.Expect(SqlToken.RParen, "')' or ','");
                    left = Positioned(new InListExpression(left, items, not), left);
                }
                continue;
            }
            if (_cursor.TryKeyword("LIKE"))
            {
                Expression pattern = ParseComparison();
                Expression? escape = _cursor.TryKeyword("ESCAPE") ? ParseComparison() : null;
                left = Positioned(new LikeExpression(left, pattern, escape, not), left);
                continue;
            }
            if (_cursor.TryKeyword("BETWEEN"))
            {
                Expression low = ParseComparison();
                _cursor.Keyword("AND");
                Expression high = ParseComparison();
                left = Positioned(new BetweenExpression(left, low, high, not), left);
                continue;
            }
            if (not) throw _cursor.Unexpected("IN, LIKE or BETWEEN after NOT");
            return left;
        }
    }

    private static T Positioned<T>(T node, SyntaxNode from) where T : SyntaxNode => node with { SourceLine = from.SourceLine, SourceColumn = from.SourceColumn };

    private Expression ParseComparison() => ParseBinaryLevel(0);

    private static readonly (SqlToken Token, BinaryOperator Operator)[][] Levels =
    [
        [(SqlToken.Less, BinaryOperator.Less), (SqlToken.LessOrEqual, BinaryOperator.LessOrEqual), (SqlToken.Greater, BinaryOperator.Greater), (SqlToken.GreaterOrEqual, BinaryOperator.GreaterOrEqual)],
        [(SqlToken.Ampersand, BinaryOperator.BitwiseAnd), (SqlToken.Pipe, BinaryOperator.BitwiseOr), (SqlToken.ShiftLeft, BinaryOperator.ShiftLeft), (SqlToken.ShiftRight, BinaryOperator.ShiftRight)],
        [(SqlToken.Plus, BinaryOperator.Add), (SqlToken.Minus, BinaryOperator.Subtract)],
        [(SqlToken.Star, BinaryOperator.Multiply), (SqlToken.Slash, BinaryOperator.Divide), (SqlToken.Percent, BinaryOperator.Modulo)],
        [(SqlToken.Concat, BinaryOperator.Concat)],
    ];

    private Expression ParseBinaryLevel(int level)
    {
        if (level == Levels.Length) return ParseUnary();
        Expression left = ParseBinaryLevel(level + 1);
        while (true)
        {
            SqlToken kind = _cursor.Kind;
            int match = Array.FindIndex(Levels[level], l => l.Token == kind);
            if (match < 0) return left;
            _cursor.Advance();
            left = Positioned(new BinaryExpression(Levels[level][match].Operator, left, ParseBinaryLevel(level + 1)), left);
        }
    }

    private Expression ParseUnary()
    {
        (int line, int column) = _cursor.Position;
        UnaryOperator? op = _cursor.Kind switch
        {
            SqlToken.Minus => UnaryOperator.Negate,
            SqlToken.Plus => UnaryOperator.Plus,
            SqlToken.Tilde => UnaryOperator.BitwiseNot,
            _ => null,
        };
        if (op is null) return ParseCollate();
        _cursor.Advance();
        if (op == UnaryOperator.Negate && _cursor.Kind == SqlToken.Integer && IsLongMinMagnitude(_cursor.Current.ToStringValue())
            && _cursor.PeekKind(1) is not SqlToken.Dot && !_cursor.IsKeywordAt(1, "COLLATE"))
        {
            // -9223372036854775808 is the one integer whose magnitude does not fit in Int64 on its own.
            _cursor.Advance();
            return new LiteralExpression(SqlValue.FromInteger(long.MinValue)) { SourceLine = line, SourceColumn = column };
        }
        if (++_cursor.Depth > MaxDepth) throw _cursor.Error("The expression is nested too deeply.");
        Expression operand = ParseUnary();
        _cursor.Depth--;
        if (op == UnaryOperator.Negate && operand is LiteralExpression { Value.Type: SqlType.Integer or SqlType.Real } literal)
        {
            SqlValue negated = literal.Value.Type == SqlType.Real ? SqlValue.FromReal(-literal.Value.Real)
                : literal.Value.Integer == long.MinValue ? SqlValue.FromReal(9223372036854775808d)
                : SqlValue.FromInteger(-literal.Value.Integer);
            return new LiteralExpression(negated) { SourceLine = line, SourceColumn = column };
        }
        return new UnaryExpression(op.Value, operand) { SourceLine = line, SourceColumn = column };
    }

    private static bool IsLongMinMagnitude(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return false;
        return text.TrimStart('0') == "9223372036854775808";
    }

    private Expression ParseCollate()
    {
        Expression operand = ParsePrimary();
        while (_cursor.TryKeyword("COLLATE")) operand = Positioned(new CollateExpression(operand, ParseName("a collation name")), operand);
        return operand;
    }

    private Expression ParsePrimary()
    {
        (int line, int column) = _cursor.Position;
        Token<SqlToken> token = _cursor.AtEnd ? default : _cursor.Current;
        Expression result;
        switch (_cursor.Kind)
        {
            case SqlToken.Integer:
            {
                _cursor.Advance();
                string text = token.ToStringValue();
                long? value = TokenCursor.ParseInteger(text);
                if (value is not null) result = new LiteralExpression(SqlValue.FromInteger(value.Value));
                else if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) throw new LightningSqlException(Lightning.Kv.LightningErrorCode.SqlSyntax, $"Hex literal too big: {text}", line, column);
                else result = new LiteralExpression(SqlValue.FromReal(double.Parse(text, CultureInfo.InvariantCulture)));
                break;
            }
            case SqlToken.Real:
                _cursor.Advance();
                result = new LiteralExpression(SqlValue.FromReal(double.Parse(token.ToStringValue(), NumberStyles.Float, CultureInfo.InvariantCulture)));
                break;
            case SqlToken.String:
                _cursor.Advance();
                result = new LiteralExpression(SqlValue.FromText(TokenCursor.StringText(token)));
                break;
            case SqlToken.Blob:
            {
                _cursor.Advance();
                string hex = token.ToStringValue()[2..^1];
                if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
                    throw new LightningSqlException(Lightning.Kv.LightningErrorCode.SqlSyntax, "A blob literal needs an even number of hex digits.", line, column);
                result = new LiteralExpression(SqlValue.FromBlob(Convert.FromHexString(hex)));
                break;
            }
            case SqlToken.NamedParameter:
                _cursor.Advance();
                result = new ParameterExpression(token.ToStringValue()[1..], -1);
                break;
            case SqlToken.PositionalParameter:
                _cursor.Advance();
                result = new ParameterExpression(null, _cursor.PositionalCount++);
                break;
            case SqlToken.LParen:
                _cursor.Advance();
                if (_cursor.IsKeyword("SELECT"))
                {
                    SelectStatement query = ParseSelect();
                    _cursor.Expect(SqlToken.RParen, "')'");
                    result = new SubqueryExpression(query);
                }
                else
                {
                    result = ParseExpression();
                    _cursor.Expect(SqlToken.RParen, "')'");
                }
                break;
            case SqlToken.Identifier or SqlToken.QuotedIdentifier:
                result = ParseNamePrimary();
                break;
            default:
                throw _cursor.Unexpected("an expression");
        }
        return result with { SourceLine = line, SourceColumn = column };
    }

    private Expression ParseNamePrimary()
    {
        Token<SqlToken> token = _cursor.Current;
        if (token.Kind == SqlToken.Identifier)
        {
            if (_cursor.TryKeyword("NULL")) return new LiteralExpression(SqlValue.Null);
            if (_cursor.TryKeyword("TRUE")) return new LiteralExpression(SqlValue.True);
            if (_cursor.TryKeyword("FALSE")) return new LiteralExpression(SqlValue.False);
            if (_cursor.TryKeyword("CASE")) return ParseCase();
            if (_cursor.TryKeyword("CAST"))
            {
                _cursor.Expect(SqlToken.LParen, "'(' after CAST");
                Expression operand = ParseExpression();
                _cursor.Keyword("AS");
                TypeName type = ParseTypeName() ?? throw _cursor.Unexpected("a type name");
                _cursor.Expect(SqlToken.RParen, "')'");
                return new CastExpression(operand, type);
            }
            if (_cursor.TryKeyword("EXISTS"))
            {
                _cursor.Expect(SqlToken.LParen, "'(' after EXISTS");
                SelectStatement query = ParseSelect();
                _cursor.Expect(SqlToken.RParen, "')'");
                return new ExistsExpression(query);
            }
            if (_cursor.IsKeyword("NOT") && _cursor.IsKeywordAt(1, "EXISTS"))
            {
                _cursor.Advance();
                return new UnaryExpression(UnaryOperator.Not, ParseNamePrimary());
            }
        }
        string name = ParseName("a column or function name");
        if (_cursor.Kind == SqlToken.LParen) return ParseCall(name.ToUpperInvariant());
        if (_cursor.TryToken(SqlToken.Dot))
        {
            if (_cursor.Kind == SqlToken.Star) throw _cursor.Unexpected("a column name ('t.*' is only allowed in a select list)");
            return new ColumnExpression(name, ParseName("a column name"));
        }
        return new ColumnExpression(null, name);
    }

    private Expression ParseCall(string name)
    {
        _cursor.Expect(SqlToken.LParen, "'('");
        if (_cursor.TryToken(SqlToken.Star))
        {
            _cursor.Expect(SqlToken.RParen, "')' after *");
            return new FunctionCallExpression(name, [], Star: true);
        }
        bool distinct = _cursor.TryKeyword("DISTINCT");
        var arguments = new List<Expression>();
        if (_cursor.Kind != SqlToken.RParen)
            do arguments.Add(ParseExpression()); while (_cursor.TryToken(SqlToken.Comma));
        _cursor.Expect(SqlToken.RParen, "')' or ','");
        if (_cursor.IsKeyword("OVER") && _cursor.PeekKind(1) == SqlToken.LParen) return ParseWindow(name, arguments, distinct);
        return new FunctionCallExpression(name, arguments, distinct);
    }

    /// <summary>The <c>OVER ([PARTITION BY …] [ORDER BY …])</c> of a window function (named windows and frames are not KV-SQL).</summary>
    private WindowFunctionExpression ParseWindow(string name, List<Expression> arguments, bool distinct)
    {
        if (distinct) throw _cursor.Unexpected("OVER without DISTINCT (DISTINCT is not allowed in a window function)");
        _cursor.Keyword("OVER");
        _cursor.Expect(SqlToken.LParen, "'(' after OVER");
        var partitionBy = new List<Expression>();
        if (_cursor.TryKeyword("PARTITION"))
        {
            _cursor.Keyword("BY");
            do partitionBy.Add(ParseExpression()); while (_cursor.TryToken(SqlToken.Comma));
        }
        var orderBy = new List<OrderingTerm>();
        if (_cursor.TryKeyword("ORDER"))
        {
            _cursor.Keyword("BY");
            do orderBy.Add(ParseOrderingTerm()); while (_cursor.TryToken(SqlToken.Comma));
        }
        _cursor.Expect(SqlToken.RParen, "')' to end the window (frame clauses such as ROWS/RANGE are not supported)");
        return new WindowFunctionExpression(name, arguments, partitionBy, orderBy);
    }

    private Expression ParseCase()
    {
        Expression? operand = _cursor.IsKeyword("WHEN") ? null : ParseExpression();
        var whens = new List<WhenClause>();
        while (_cursor.TryKeyword("WHEN"))
        {
            Expression when = ParseExpression();
            _cursor.Keyword("THEN");
            whens.Add(new WhenClause(when, ParseExpression()));
        }
        if (whens.Count == 0) throw _cursor.Unexpected("WHEN");
        Expression? otherwise = _cursor.TryKeyword("ELSE") ? ParseExpression() : null;
        _cursor.Keyword("END");
        return new CaseExpression(operand, whens, otherwise);
    }

    /// <summary>A type name of one or more words with an optional (n) or (n, m).</summary>
    private TypeName? ParseTypeName()
    {
        if (_cursor.Kind != SqlToken.Identifier || IsReservedAt(0)) return null;
        var words = new List<string>();
        while (_cursor.Kind == SqlToken.Identifier && !IsReservedAt(0) && !IsConstraintStart()) words.Add(_cursor.Advance().ToStringValue());
        if (words.Count == 0) return null;
        int? length = null, scale = null;
        if (_cursor.TryToken(SqlToken.LParen))
        {
            length = ParseSignedInt();
            if (_cursor.TryToken(SqlToken.Comma)) scale = ParseSignedInt();
            _cursor.Expect(SqlToken.RParen, "')'");
        }
        return new TypeName(string.Join(' ', words).ToUpperInvariant(), length, scale);
    }

    private bool IsConstraintStart() =>
        _cursor.IsKeyword("PRIMARY") || _cursor.IsKeyword("NOT") || _cursor.IsKeyword("NULL") || _cursor.IsKeyword("UNIQUE") || _cursor.IsKeyword("DEFAULT")
        || _cursor.IsKeyword("COLLATE") || _cursor.IsKeyword("REFERENCES") || _cursor.IsKeyword("CHECK") || _cursor.IsKeyword("CONSTRAINT") || _cursor.IsKeyword("GENERATED");

    private int ParseSignedInt()
    {
        bool negative = _cursor.TryToken(SqlToken.Minus);
        Token<SqlToken> token = _cursor.Expect(SqlToken.Integer, "a number");
        long value = TokenCursor.ParseInteger(token.ToStringValue()) ?? int.MaxValue;
        return (int)Math.Clamp(negative ? -value : value, int.MinValue, int.MaxValue);
    }

    private bool IsReservedAt(int ahead) =>
        _cursor.PeekKind(ahead) == SqlToken.Identifier && Reserved.Contains(PeekText(ahead));

    private string PeekText(int ahead) => _cursor.TextAt(ahead);

    /// <summary>An identifier (bare and not reserved, or quoted).</summary>
    private string ParseName(string description)
    {
        if (_cursor.Kind == SqlToken.QuotedIdentifier) return TokenCursor.IdentifierText(_cursor.Advance());
        if (_cursor.Kind == SqlToken.Identifier && !IsReservedAt(0)) return _cursor.Advance().ToStringValue();
        if (_cursor.Kind == SqlToken.String && description.Contains("name", StringComparison.Ordinal)) return TokenCursor.StringText(_cursor.Advance());
        throw _cursor.Unexpected(description);
    }
}
