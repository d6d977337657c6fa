using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution;

/// <summary>A SELECT's rows, pulled from the operator tree as the reader advances. Owns the read transaction when the
/// statement ran outside an explicit transaction (released on dispose).</summary>
internal sealed class SelectResult : StatementResult
{
    private readonly PlannedQuery _plan;
    private readonly KvTransaction? _ownedTransaction;
    private bool _opened, _done, _disposed;

    public SelectResult(PlannedQuery plan, KvTransaction? ownedTransaction)
    {
        _plan = plan;
        _ownedTransaction = ownedTransaction;
    }

    public override IReadOnlyList<ResultColumn> Columns => _plan.Columns;
    public override int RecordsAffected => -1;

    public override bool Read()
    {
        if (_done || _disposed) return false;
        QueryOperator root = _plan.Root;
        try
        {
            if (!_opened)
            {
                _opened = true;
                root.Open(_plan.Frame);
            }
            if (root.Next()) return true;
        }
        catch (InvalidDataException e)
        {
            throw new LightningCorruptionException(_plan.Frame.Context.Session.DatabasePath, 0, "a stored row or key is malformed: " + e.Message);
        }
        _done = true;
        root.Close();
        return false;
    }

    public override SqlValue GetValue(int ordinal) => _plan.Root.Row[ordinal];

    public override void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_opened && !_done) _plan.Root.Close();
        _ownedTransaction?.Dispose();
    }
}
