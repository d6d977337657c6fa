using System.Globalization;
using Lightning.Kv;
using Superpower.Model;

namespace Lightning.Data.Sql.Parsing;

/// <summary>A position in the token list with the helpers the recursive-descent parser uses: keyword tests, expectations
/// and positioned errors that name the unexpected token.</summary>
internal sealed class TokenCursor(Token<SqlToken>[] tokens, string source)
{
    private int _index;
    public int Depth;

    public bool AtEnd => _index >= tokens.Length;
    public Token<SqlToken> Current => tokens[_index];
    public SqlToken Kind => AtEnd ? SqlToken.None : tokens[_index].Kind;
    public int PositionalCount;

    public SqlToken PeekKind(int ahead) => _index + ahead < tokens.Length ? tokens[_index + ahead].Kind : SqlToken.None;

    public (int Line, int Column) Position => AtEnd
        ? EndPosition()
        : (tokens[_index].Position.Line, tokens[_index].Position.Column);

    private (int, int) EndPosition()
    {
        int line = 1, column = 1;
        foreach (char c in source)
        {
            if (c == '\n') { line++; column = 1; }
            else column++;
        }
        return (line, column);
    }

    public string TextAt(int ahead) => _index + ahead < tokens.Length ? tokens[_index + ahead].ToStringValue() : "";

    public Token<SqlToken> Advance() => tokens[_index++];

    public bool IsKeyword(string keyword) => !AtEnd && Kind == SqlToken.Identifier && Current.Span.EqualsValueIgnoreCase(keyword);

    public bool IsKeywordAt(int ahead, string keyword) =>
        _index + ahead < tokens.Length && tokens[_index + ahead].Kind == SqlToken.Identifier && tokens[_index + ahead].Span.EqualsValueIgnoreCase(keyword);

    public bool TryKeyword(string keyword)
    {
        if (!IsKeyword(keyword)) return false;
        _index++;
        return true;
    }

    public void Keyword(string keyword)
    {
        if (!TryKeyword(keyword)) throw Unexpected(keyword.ToUpperInvariant());
    }

    public bool TryToken(SqlToken kind)
    {
        if (Kind != kind) return false;
        _index++;
        return true;
    }

    public Token<SqlToken> Expect(SqlToken kind, string description)
    {
        if (Kind != kind) throw Unexpected(description);
        return Advance();
    }

    public LightningSqlException Unexpected(string expected)
    {
        (int line, int column) = Position;
        string near = AtEnd ? "end of input" : $"'{Truncate(Current.ToStringValue())}'";
        return new LightningSqlException(LightningErrorCode.SqlSyntax, $"Syntax error near {near}: expected {expected}", line, column);
    }

    public LightningSqlException Error(string message)
    {
        (int line, int column) = Position;
        return new LightningSqlException(LightningErrorCode.SqlSyntax, message, line, column);
    }

    private static string Truncate(string text) => text.Length > 30 ? text[..30] + "…" : text;

    /// <summary>The text of an identifier token without its quotes.</summary>
    public static string IdentifierText(Token<SqlToken> token)
    {
        string text = token.ToStringValue();
        if (token.Kind != SqlToken.QuotedIdentifier) return text;
        char open = text[0];
        char close = open == '[' ? ']' : open;
        string inner = text[1..^1];
        return close == ']' ? inner : inner.Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
    }

    public static string StringText(Token<SqlToken> token) => token.ToStringValue()[1..^1].Replace("''", "'", StringComparison.Ordinal);

    public static long? ParseInteger(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex) && text.Length <= 18 ? (long)hex : null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;
    }
}
