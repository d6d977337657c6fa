using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>
/// The outcome of executing one statement: a (possibly empty) set of columns and a forward-only row cursor,
/// plus the number of rows the statement changed. Produced by the SQL engine, consumed by <c>LightningDataReader</c>.
/// Rows are pulled lazily: a SELECT reads the store as <see cref="Read"/> is called.
/// </summary>
internal abstract class StatementResult : IDisposable
{
    /// <summary>The result columns; empty for statements that return no rows (DDL, INSERT without RETURNING…).</summary>
    public abstract IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>The declared type of each column (typed getters consult it for every value); plans cache theirs.</summary>
    public virtual DeclaredType[] ColumnTypes => DeclaredTypes.For(Columns);

    /// <summary>Rows inserted, updated or deleted; -1 for SELECT, DDL and other statements that change no rows.</summary>
    public abstract int RecordsAffected { get; }

    /// <summary>Advances to the next row; false at the end. The current row is readable through <see cref="GetValue"/>.</summary>
    /// <exception cref="OperationCanceledException">Never: cancellation surfaces as a <c>LightningException</c> with code Cancelled.</exception>
    public abstract bool Read();

    /// <summary>The value of column <paramref name="ordinal"/> in the current row.</summary>
    public abstract SqlValue GetValue(int ordinal);

    /// <summary>Releases the snapshot or iterator the result holds.</summary>
    public virtual void Dispose()
    {
    }
}
