namespace Lightning.Data.CrashWriter;

/// <summary>The kinds of unit (one autocommit statement, or one explicit transaction) the SQL crash writer runs.</summary>
public enum SqlCrashUnitKind
{
    /// <summary>One autocommit multi-row <c>INSERT</c> of <see cref="SqlCrashUnit.Count"/> fresh rows into batch
    /// <see cref="SqlCrashUnit.Batch"/>.</summary>
    Insert,

    /// <summary>An explicit transaction: inserts of fresh rows into <see cref="SqlCrashUnit.Batch"/>, one <c>UPDATE … WHERE id = @id</c>
    /// per id in <see cref="SqlCrashUnit.Updates"/> (moving the row to <see cref="SqlCrashUnit.Batch"/>), one
    /// <c>DELETE … WHERE id IN (…)</c> of <see cref="SqlCrashUnit.Deletes"/>, and, when <see cref="SqlCrashUnit.FailAt"/>
    /// is not negative, a multi-row INSERT that fails on a duplicate payload and must leave nothing behind; then Commit.</summary>
    Transaction,

    /// <summary>The same statements as <see cref="Transaction"/>, then Rollback: nothing may remain.</summary>
    Rollback,

    /// <summary>One autocommit <c>DELETE FROM t WHERE batch = @old</c> removing every row of batch <see cref="SqlCrashUnit.OldBatch"/>.</summary>
    DeleteBatch,

    /// <summary>One autocommit <c>UPDATE t SET batch = @new, payload = … WHERE batch = @old</c> moving every row of
    /// <see cref="SqlCrashUnit.OldBatch"/> to <see cref="SqlCrashUnit.Batch"/> (payloads recomputed in SQL).</summary>
    MoveBatch,

    /// <summary>One autocommit multi-row INSERT whose row <see cref="SqlCrashUnit.FailAt"/> repeats an existing payload
    /// (or the first row's): it must fail with <c>SqlConstraintViolation</c> and store none of its rows.</summary>
    FailingInsert,
}
