namespace Lightning.Data.Sql.Syntax;

/// <summary><c>EXPLAIN statement</c> (also <c>EXPLAIN QUERY PLAN statement</c>).</summary>
internal sealed record ExplainStatement(Statement Inner) : Statement;

/// <summary><c>BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION]</c>.</summary>
internal sealed record BeginStatement : Statement;

/// <summary><c>COMMIT [TRANSACTION]</c> or <c>END [TRANSACTION]</c>.</summary>
internal sealed record CommitStatement : Statement;

/// <summary><c>ROLLBACK [TRANSACTION]</c>, or with <see cref="Savepoint"/>: <c>ROLLBACK [TRANSACTION] TO [SAVEPOINT] name</c>.</summary>
internal sealed record RollbackStatement(string? Savepoint = null) : Statement;

/// <summary><c>SAVEPOINT name</c>: marks a point in the transaction to roll back to (starts a transaction when none is active).</summary>
internal sealed record SavepointStatement(string Name) : Statement;

/// <summary><c>RELEASE [SAVEPOINT] name</c>: forgets the savepoint and every later one (commits when it started the transaction).</summary>
internal sealed record ReleaseStatement(string Name) : Statement;

/// <summary><c>PRAGMA name</c>, <c>PRAGMA name = value</c> or <c>PRAGMA name(value)</c>; Name lower-cased.</summary>
internal sealed record PragmaStatement(string Name, Expression? Value) : Statement;
