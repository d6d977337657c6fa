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
            throw new LightningSqlException(LightningErrorCode.SqlSyntax, "Syntax error: " + (tokens.ErrorMessage ?? tokens.FormatErrorMessageFragment()),
                position.HasValue ? position.Line : 1, position.HasValue ? position.Column : 1);
        }
        return new SqlParserCore(new TokenCursor([.. tokens.Value], sql)).ParseStatements();
    }
}
