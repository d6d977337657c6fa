using Lightning.Data.Catalog;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution;

/// <summary>
/// A prepared SELECT and its result cursor: rows are pulled from the operator tree as the reader advances. One instance
/// serves one execution at a time; <see cref="Start"/> begins an execution and <see cref="Dispose"/> ends it, releasing
/// the read transaction the statement owns (outside an explicit transaction) and returning the plan to its pool.
/// </summary>
internal sealed class SelectResult : StatementResult
{
    private readonly PreparedSelect _prepared;
    private KvTransaction? _ownedTransaction;
    private Engine.SqlSession? _transactionOwner;
    private bool _opened, _done, _disposed, _faulted;

    public SelectResult(PreparedSelect prepared)
    {
        _prepared = prepared;
        _disposed = true;
    }

    private PlannedQuery Plan => _prepared.Plan;

    public override IReadOnlyList<ResultColumn> Columns => Plan.Columns;
    public override int RecordsAffected => -1;
    public override DeclaredType[] ColumnTypes => _prepared.ColumnTypes;

    /// <summary>Begins an execution (the context was reset for it already).</summary>
    public SelectResult Start(KvTransaction? ownedTransaction)
    {
        _ownedTransaction = ownedTransaction;
        _transactionOwner = ownedTransaction is null ? null : Plan.Frame.Context.Session;
        _opened = _done = _disposed = _faulted = false;
        return this;
    }

    public override bool Read()
    {
        if (_done || _disposed) return false;
        QueryOperator root = Plan.Root;
        try
        {
            if (!_opened)
            {
                _opened = true;
                root.Open(Plan.Frame);
            }
            if (root.Next()) return true;
        }
        catch (InvalidDataException e)
        {
            _faulted = true;
            throw new LightningCorruptionException(Plan.Frame.Context.Session.DatabasePath, 0, "a stored row or key is malformed: " + e.Message);
        }
        catch
        {
            _faulted = true;
            throw;
        }
        _done = true;
        root.Close();
        return false;
    }

    public override SqlValue GetValue(int ordinal) => Plan.Root.Row[ordinal];

    public override void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_opened && !_done) Plan.Root.Close();
        if (_ownedTransaction is { } owned)
        {
            owned.Dispose();
            _transactionOwner!.ReturnReadTransaction(owned); // the session's next autocommit read restarts it
        }
        _ownedTransaction = null;
        _transactionOwner = null;
        // A plan whose execution failed part-way is not reused: its operators may hold half-finished state.
        if (!_faulted) _prepared.Release();
    }
}
