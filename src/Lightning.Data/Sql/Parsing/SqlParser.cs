using Lightning.Data.Sql.Syntax;
using Lightning.Kv;
using Superpower.Model;

namespace Lightning.Data.Sql.Parsing;

/// <summary>Parses KV-SQL text into statements. Every error is a <see cref="LightningSqlException"/> with line and column.</summary>
internal static class SqlParser
{
    public static IReadOnlyList<Statement> Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        Result<TokenList<SqlToken>> tokens = SqlTokenizer.Instance.TryTokenize(sql);
        if (!tokens.HasValue)
        {
            Position position = tokens.ErrorPosition;
            string near = position.HasValue ? Near(sql, position.Absolute) : "end of input";
            throw new LightningSqlException(LightningErrorCode.SqlSyntax, $"Syntax error near {near}: " + (tokens.ErrorMessage ?? tokens.FormatErrorMessageFragment()),
                position.HasValue ? position.Line : 1, position.HasValue ? position.Column : 1);
        }
        return new SqlParserCore(new TokenCursor([.. tokens.Value], sql)).ParseStatements();
    }

    /// <summary>The text at a tokenizer error (up to the end of its line, at most 20 characters), quoted.</summary>
    private static string Near(string sql, int absolute)
    {
        if (absolute < 0 || absolute >= sql.Length) return "end of input";
        int end = sql.IndexOfAny(['\r', '\n'], absolute);
        if (end < 0) end = sql.Length;
        string text = sql[absolute..Math.Min(end, absolute + 20)];
        return text.Length == 0 ? "end of line" : $"'{text}'";
    }
}
