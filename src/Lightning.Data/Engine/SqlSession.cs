using Lightning.Data.Catalog;
using Lightning.Data.Execution;
using Lightning.Data.Sql.Syntax;
using Lightning.Kv;

namespace Lightning.Data.Engine;

/// <summary>
/// One connection's state: its explicit transaction (if any), the catalog it sees (its own uncommitted DDL included),
/// LAST_INSERT_ROWID/CHANGES, and statement execution. Outside an explicit transaction every statement is its own
/// transaction; a write that loses a conflict to a concurrent writer is retried automatically.
/// </summary>
internal sealed partial class SqlSession(SqlDatabase database, bool readOnly) : IDisposable
{
    private const int AutocommitRetries = 20;

    private KvTransaction? _transaction;
    private SchemaCatalog? _pendingCatalog;
    private readonly Dictionary<uint, long> _nextRowIds = [];
    private readonly Dictionary<uint, long> _savedRowIds = [];
    private ParameterValues? _spareParameters;

    public bool InTransaction => _transaction is not null;
    public long LastInsertRowId { get; set; }
    public long LastChanges { get; private set; }
    public string DatabasePath => database.Store.Path;

    /// <summary>The catalog statements of this session bind against.</summary>
    public SchemaCatalog Catalog => _pendingCatalog ?? database.Catalog;

    public void Begin()
    {
        if (_transaction is not null) throw new InvalidOperationException("A transaction is already active: Lightning.Data does not support nested transactions.");
        _transaction = database.Store.BeginTransaction();
    }

    public void Commit()
    {
        KvTransaction transaction = _transaction ?? throw new InvalidOperationException("There is no active transaction to commit.");
        SchemaCatalog? pending = _pendingCatalog;
        _transaction = null;
        _pendingCatalog = null;
        _nextRowIds.Clear();
        ForgetSavepoints();
        try
        {
            transaction.Commit();
        }
        finally
        {
            transaction.Dispose();
        }
        if (pending is not null) database.Publish(pending);
    }

    public void Rollback()
    {
        KvTransaction transaction = _transaction ?? throw new InvalidOperationException("There is no active transaction to roll back.");
        _transaction = null;
        _pendingCatalog = null;
        _nextRowIds.Clear();
        ForgetSavepoints();
        transaction.Dispose();
    }

    public void Prepare(string sql) => database.Parse(sql);

    /// <summary>A cleared parameter set for the next execution (reused: one is kept per session).</summary>
    public ParameterValues RentParameters()
    {
        ParameterValues values = _spareParameters ?? new ParameterValues();
        _spareParameters = null;
        return values;
    }

    /// <summary>Runs the statements of <paramref name="sql"/> one per MoveNext; <paramref name="parameters"/> (from
    /// <see cref="RentParameters"/>) are handed back when the enumeration ends.</summary>
    public IEnumerator<StatementResult> Execute(string sql, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        IReadOnlyList<Statement> statements;
        try
        {
            statements = database.Parse(sql);
        }
        catch
        {
            ReturnParameters(parameters);
            throw;
        }
        return Run(statements, parameters, timeoutSeconds, cancellationToken);
    }

    private IEnumerator<StatementResult> Run(IReadOnlyList<Statement> statements, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        try
        {
            for (int i = 0; i < statements.Count; i++) // indexed: foreach over the interface would allocate an enumerator
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ExecuteStatement(statements[i], parameters, timeoutSeconds, cancellationToken);
            }
        }
        finally
        {
            ReturnParameters(parameters);
        }
    }

    private void ReturnParameters(ParameterValues parameters)
    {
        if (ReferenceEquals(parameters, ParameterValues.Empty)) return;
        parameters.Clear();
        _spareParameters = parameters;
    }

    internal bool TryTakeNextRowId(uint table, out long next) => _nextRowIds.TryGetValue(table, out next);
    internal bool TryPeekNextRowId(uint table, out long next) => _nextRowIds.TryGetValue(table, out next);
    internal void SetNextRowId(uint table, long next) => _nextRowIds[table] = next;
    internal void ForgetRowIds() => _nextRowIds.Clear();

    public void Dispose()
    {
        _transaction?.Dispose();
        _transaction = null;
        _pendingCatalog = null;
    }
}
