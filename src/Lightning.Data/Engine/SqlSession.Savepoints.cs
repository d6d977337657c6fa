using Lightning.Data.Catalog;
using Lightning.Kv;

namespace Lightning.Data.Engine;

// SAVEPOINT / RELEASE / ROLLBACK TO, with SQLite's semantics: savepoints nest by name inside the transaction; a
// SAVEPOINT outside a transaction starts one, which releasing that outermost savepoint commits.
internal sealed partial class SqlSession
{
    private readonly List<SavepointState> _savepoints = [];
    private bool _transactionFromSavepoint;

    /// <summary>What ROLLBACK TO restores: the transaction's buffered writes, its uncommitted DDL and the id counters.</summary>
    private sealed record SavepointState(string Name, object? Writes, SchemaCatalog? PendingCatalog, KeyValuePair<uint, long>[] RowIds);

    public void Savepoint(string name)
    {
        if (_transaction is null)
        {
            Begin();
            _transactionFromSavepoint = true;
        }
        _savepoints.Add(new SavepointState(name, _transaction!.CaptureWrites(), _pendingCatalog, [.. _nextRowIds]));
    }

    /// <summary>Undoes everything since the savepoint; the savepoint stays (later ones are forgotten).</summary>
    public void RollbackTo(string name)
    {
        int index = FindSavepoint(name);
        SavepointState state = _savepoints[index];
        _transaction!.RestoreWrites(state.Writes);
        _pendingCatalog = state.PendingCatalog;
        _nextRowIds.Clear();
        foreach (KeyValuePair<uint, long> pair in state.RowIds) _nextRowIds[pair.Key] = pair.Value;
        ForgetKeyCeilings(); // rows deleted since the savepoint are back, possibly above a ceiling found since
        _savepoints.RemoveRange(index + 1, _savepoints.Count - index - 1);
    }

    /// <summary>Forgets the savepoint and every later one; commits when it was the outermost and it started the transaction.</summary>
    public void Release(string name)
    {
        int index = FindSavepoint(name);
        _savepoints.RemoveRange(index, _savepoints.Count - index);
        if (_savepoints.Count == 0 && _transactionFromSavepoint) Commit();
    }

    private int FindSavepoint(string name)
    {
        for (int i = _savepoints.Count - 1; i >= 0; i--)
            if (string.Equals(_savepoints[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, $"No such savepoint: {name}.");
    }

    /// <summary>Called whenever the transaction ends: its savepoints end with it.</summary>
    private void ForgetSavepoints()
    {
        _savepoints.Clear();
        _transactionFromSavepoint = false;
    }
}
