namespace Lightning.Data.Sql.Syntax;

/// <summary><c>EXPLAIN statement</c> (also <c>EXPLAIN QUERY PLAN statement</c>).</summary>
internal sealed record ExplainStatement(Statement Inner) : Statement;

/// <summary><c>BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION]</c>.</summary>
internal sealed record BeginStatement : Statement;

/// <summary><c>COMMIT [TRANSACTION]</c> or <c>END [TRANSACTION]</c>.</summary>
internal sealed record CommitStatement : Statement;

/// <summary><c>ROLLBACK [TRANSACTION]</c>.</summary>
internal sealed record RollbackStatement : Statement;

/// <summary><c>PRAGMA name</c>, <c>PRAGMA name = value</c> or <c>PRAGMA name(value)</c>; Name lower-cased.</summary>
internal sealed record PragmaStatement(string Name, Expression? Value) : Statement;
