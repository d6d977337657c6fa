namespace Lightning.Data.Sql.Parsing;

/// <summary>Token kinds of KV-SQL. Keywords are identifiers recognised by the parser in context, so words like
/// <c>key</c>, <c>value</c> or <c>replace</c> stay usable as names.</summary>
internal enum SqlToken
{
    None,
    Identifier,
    QuotedIdentifier,
    Integer,
    Real,
    String,
    Blob,
    NamedParameter,
    PositionalParameter,
    Comma,
    LParen,
    RParen,
    Dot,
    Semicolon,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Concat,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Ampersand,
    Pipe,
    ShiftLeft,
    ShiftRight,
    Tilde,
}
