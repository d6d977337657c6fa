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
    private KvTransaction? _spareReadTransaction;
    private string? _lastSql;
    private IReadOnlyList<Statement>? _lastStatements;

    public bool InTransaction => _transaction is not null;
    public long LastInsertRowId { get; set; }
    public long LastChanges { get; private set; }
    public string DatabasePath => database.Store.Path;

    /// <summary>The engine instance (tests read its metrics).</summary>
    internal LightningDb Store => database.Store;

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
        ForgetKeyCeilings();
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
        ForgetKeyCeilings();
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
            statements = Parse(sql);
        }
        catch
        {
            ReturnParameters(parameters);
            throw;
        }
        return Run(statements, parameters, timeoutSeconds, cancellationToken);
    }

    /// <summary>
    /// Runs every statement of <paramref name="sql"/> now, as a reader that is read to its end would (stopping at the first
    /// that fails), and returns the summed changed-row count (-1 when no statement changes rows). No reader or enumerator
    /// is created: this is ExecuteNonQuery's path. <paramref name="parameters"/> (from <see cref="RentParameters"/>) are handed back.
    /// </summary>
    public int ExecuteNonQuery(string sql, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<Statement> statements = Parse(sql);
            int affected = -1;
            for (int i = 0; i < statements.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                StatementResult result = ExecuteStatement(statements[i], parameters, timeoutSeconds, cancellationToken);
                try
                {
                    if (result.RecordsAffected >= 0) affected = Math.Max(0, affected) + result.RecordsAffected;
                }
                finally
                {
                    result.Dispose();
                }
            }
            return affected;
        }
        finally
        {
            ReturnParameters(parameters);
        }
    }

    private IReadOnlyList<Statement> Parse(string sql)
    {
        // The same command text object again (a reused command, or Dapper's cached string): no cache lookup by text.
        if (ReferenceEquals(sql, _lastSql)) return _lastStatements!;
        IReadOnlyList<Statement> statements = database.Parse(sql);
        _lastSql = sql;
        _lastStatements = statements;
        return statements;
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
    internal void ForgetRowIds()
    {
        _nextRowIds.Clear();
        ForgetKeyCeilings();
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _transaction = null;
        _pendingCatalog = null;
    }
}
