using Superpower;
using Superpower.Model;

namespace Lightning.Data.Sql.Parsing;

/// <summary>
/// The KV-SQL tokenizer: a hand-written Superpower <see cref="Tokenizer{TKind}"/> (faster than a combinator-built one, with
/// the same positioned results). Skips whitespace and <c>--</c>/<c>/* */</c> comments.
/// </summary>
internal sealed class SqlTokenizer : Tokenizer<SqlToken>
{
    public static readonly SqlTokenizer Instance = new();

    protected override IEnumerable<Result<SqlToken>> Tokenize(TextSpan span)
    {
        Result<char> next = SkipTrivia(span, out TextSpan? comment);
        while (true)
        {
            if (comment is { } unterminated)
            {
                yield return Result.Empty<SqlToken>(unterminated, "unterminated /* comment");
                yield break;
            }
            if (!next.HasValue) yield break;
            TextSpan start = next.Location;
            char c = next.Value;
            if (char.IsLetter(c) || c == '_')
            {
                if ((c is 'x' or 'X') && next.Remainder.ConsumeChar() is { HasValue: true, Value: '\'' })
                {
                    Result<char> blob = next.Remainder.ConsumeChar().Remainder.ConsumeChar();
                    while (blob.HasValue && blob.Value != '\'') blob = blob.Remainder.ConsumeChar();
                    if (!blob.HasValue)
                    {
                        yield return Result.Empty<SqlToken>(start, "unterminated blob literal");
                        yield break;
                    }
                    next = blob.Remainder.ConsumeChar();
                    yield return Result.Value(SqlToken.Blob, start, blob.Remainder);
                }
                else
                {
                    do next = next.Remainder.ConsumeChar();
                    while (next.HasValue && (char.IsLetterOrDigit(next.Value) || next.Value is '_' or '$'));
                    yield return Result.Value(SqlToken.Identifier, start, next.Location);
                }
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && next.Remainder.ConsumeChar() is { HasValue: true } d && char.IsAsciiDigit(d.Value)))
            {
                bool real = false;
                if (c == '0' && next.Remainder.ConsumeChar() is { HasValue: true, Value: 'x' or 'X' })
                {
                    next = next.Remainder.ConsumeChar().Remainder.ConsumeChar();
                    if (!next.HasValue || !char.IsAsciiHexDigit(next.Value))
                    {
                        yield return Result.Empty<SqlToken>(start, "a hex literal needs digits after 0x");
                        yield break;
                    }
                    while (next.HasValue && char.IsAsciiHexDigit(next.Value)) next = next.Remainder.ConsumeChar();
                    if (next.HasValue && (char.IsLetter(next.Value) || next.Value == '_'))
                    {
                        yield return Result.Empty<SqlToken>(next.Location, "a number may not run into a name");
                        yield break;
                    }
                    yield return Result.Value(SqlToken.Integer, start, next.Location);
                    next = SkipTrivia(next.Location, out comment);
                    continue;
                }
                while (next.HasValue && char.IsAsciiDigit(next.Value)) next = next.Remainder.ConsumeChar();
                if (next.HasValue && next.Value == '.')
                {
                    real = true;
                    next = next.Remainder.ConsumeChar();
                    while (next.HasValue && char.IsAsciiDigit(next.Value)) next = next.Remainder.ConsumeChar();
                }
                if (next.HasValue && next.Value is 'e' or 'E')
                {
                    Result<char> exponent = next.Remainder.ConsumeChar();
                    if (exponent.HasValue && exponent.Value is '+' or '-') exponent = exponent.Remainder.ConsumeChar();
                    if (exponent.HasValue && char.IsAsciiDigit(exponent.Value))
                    {
                        real = true;
                        next = exponent;
                        while (next.HasValue && char.IsAsciiDigit(next.Value)) next = next.Remainder.ConsumeChar();
                    }
                }
                if (next.HasValue && (char.IsLetter(next.Value) || next.Value == '_'))
                {
                    yield return Result.Empty<SqlToken>(next.Location, "a number may not run into a name");
                    yield break;
                }
                yield return Result.Value(real ? SqlToken.Real : SqlToken.Integer, start, next.Location);
            }
            else if (c is '\'' or '"' or '`' or '[')
            {
                char close = c == '[' ? ']' : c;
                next = next.Remainder.ConsumeChar();
                while (true)
                {
                    if (!next.HasValue)
                    {
                        yield return Result.Empty<SqlToken>(start, c == '\'' ? "unterminated string literal" : "unterminated quoted identifier");
                        yield break;
                    }
                    if (next.Value == close)
                    {
                        Result<char> after = next.Remainder.ConsumeChar();
                        if (close != ']' && after.HasValue && after.Value == close)
                        {
                            next = after.Remainder.ConsumeChar();
                            continue;
                        }
                        next = after;
                        break;
                    }
                    next = next.Remainder.ConsumeChar();
                }
                yield return Result.Value(c == '\'' ? SqlToken.String : SqlToken.QuotedIdentifier, start, next.Location);
            }
            else if (c is '@' or ':' or '$')
            {
                next = next.Remainder.ConsumeChar();
                if (!next.HasValue || !(char.IsLetterOrDigit(next.Value) || next.Value == '_'))
                {
                    yield return Result.Empty<SqlToken>(start, "a parameter name must follow " + c);
                    yield break;
                }
                while (next.HasValue && (char.IsLetterOrDigit(next.Value) || next.Value is '_' or '.')) next = next.Remainder.ConsumeChar();
                yield return Result.Value(SqlToken.NamedParameter, start, next.Location);
            }
            else
            {
                Result<char> second = next.Remainder.ConsumeChar();
                char n = second.HasValue ? second.Value : '\0';
                (SqlToken kind, int length) = (c, n) switch
                {
                    ('|', '|') => (SqlToken.Concat, 2),
                    ('!', '=') or ('<', '>') => (SqlToken.NotEqual, 2),
                    ('=', '=') => (SqlToken.Equal, 2),
                    ('<', '=') => (SqlToken.LessOrEqual, 2),
                    ('>', '=') => (SqlToken.GreaterOrEqual, 2),
                    ('<', '<') => (SqlToken.ShiftLeft, 2),
                    ('>', '>') => (SqlToken.ShiftRight, 2),
                    (',', _) => (SqlToken.Comma, 1),
                    ('(', _) => (SqlToken.LParen, 1),
                    (')', _) => (SqlToken.RParen, 1),
                    ('.', _) => (SqlToken.Dot, 1),
                    (';', _) => (SqlToken.Semicolon, 1),
                    ('*', _) => (SqlToken.Star, 1),
                    ('+', _) => (SqlToken.Plus, 1),
                    ('-', _) => (SqlToken.Minus, 1),
                    ('/', _) => (SqlToken.Slash, 1),
                    ('%', _) => (SqlToken.Percent, 1),
                    ('=', _) => (SqlToken.Equal, 1),
                    ('<', _) => (SqlToken.Less, 1),
                    ('>', _) => (SqlToken.Greater, 1),
                    ('&', _) => (SqlToken.Ampersand, 1),
                    ('|', _) => (SqlToken.Pipe, 1),
                    ('~', _) => (SqlToken.Tilde, 1),
                    ('?', _) => (SqlToken.PositionalParameter, 1),
                    _ => (SqlToken.None, 0),
                };
                if (kind == SqlToken.None)
                {
                    yield return Result.Empty<SqlToken>(start, $"unexpected character '{c}'");
                    yield break;
                }
                next = length == 2 ? second.Remainder.ConsumeChar() : second;
                if (kind == SqlToken.PositionalParameter)
                    while (next.HasValue && char.IsAsciiDigit(next.Value)) next = next.Remainder.ConsumeChar();
                yield return Result.Value(kind, start, next.Location);
            }
            next = SkipTrivia(next.Location, out comment);
        }
    }

    private static Result<char> SkipTrivia(TextSpan span, out TextSpan? unterminatedComment)
    {
        unterminatedComment = null;
        Result<char> next = span.ConsumeChar();
        while (next.HasValue)
        {
            if (char.IsWhiteSpace(next.Value))
            {
                next = next.Remainder.ConsumeChar();
                continue;
            }
            Result<char> after = next.Remainder.ConsumeChar();
            if (next.Value == '-' && after.HasValue && after.Value == '-')
            {
                while (next.HasValue && next.Value != '\n') next = next.Remainder.ConsumeChar();
                continue;
            }
            if (next.Value == '/' && after.HasValue && after.Value == '*')
            {
                TextSpan start = next.Location;
                next = after.Remainder.ConsumeChar();
                while (true)
                {
                    if (!next.HasValue)
                    {
                        unterminatedComment = start;
                        return next;
                    }
                    Result<char> following = next.Remainder.ConsumeChar();
                    if (next.Value == '*' && following.HasValue && following.Value == '/')
                    {
                        next = following.Remainder.ConsumeChar();
                        break;
                    }
                    next = following;
                }
                continue;
            }
            return next;
        }
        return next;
    }
}
