namespace Lightning.Data.Sql.Syntax;

/// <summary>The base of every KV-SQL syntax tree node. <see cref="SourceLine"/>/<see cref="SourceColumn"/> (1-based,
/// 0 = unknown) locate the node's first token so binding errors can point into the command text.</summary>
internal abstract record SyntaxNode
{
    public int SourceLine { get; init; }
    public int SourceColumn { get; init; }
}
