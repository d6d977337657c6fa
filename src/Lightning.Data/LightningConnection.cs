using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Lightning.Data.Engine;
using Lightning.Data.Execution;

namespace Lightning.Data;

/// <summary>
/// A connection to a Lightning.Data database: a directory (<c>Data Source=app.ldb</c>) or a private in-memory database
/// (<c>Data Source=:memory:</c>). Connections to the same directory in one process share one engine instance, so
/// opening many is cheap and they can read while another writes. Not thread-safe, like every ADO.NET connection:
/// use one per thread (or per request).
/// </summary>
public sealed partial class LightningConnection : DbConnection
{
    private string _connectionString;
    private LightningConnectionStringBuilder _settings;
    private ConnectionState _state;
    private SqlDatabase? _database;
    private SqlSession? _session;
    private LightningTransaction? _transaction;

    /// <summary>Creates a closed connection with no connection string.</summary>
    public LightningConnection()
        : this(null)
    {
    }

    /// <summary>Creates a closed connection for <paramref name="connectionString"/>.</summary>
    public LightningConnection(string? connectionString)
    {
        _connectionString = connectionString ?? "";
        _settings = new LightningConnectionStringBuilder(_connectionString);
    }

    /// <inheritdoc />
    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_state != ConnectionState.Closed)
                throw new InvalidOperationException("The connection string cannot be changed while the connection is open.");
            _settings = new LightningConnectionStringBuilder(value ?? "");
            _connectionString = value ?? "";
        }
    }

    /// <summary>Always "main": a Lightning.Data database has one schema.</summary>
    public override string Database => _state == ConnectionState.Open ? "main" : "";

    /// <summary>The database directory, or <c>:memory:</c>, from the connection string.</summary>
    public override string DataSource => _settings.DataSource;

    /// <summary>The version of Lightning.Data.</summary>
    public override string ServerVersion => _state == ConnectionState.Open
        ? typeof(LightningConnection).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"
        : throw new InvalidOperationException("ServerVersion requires an open connection.");

    /// <inheritdoc />
    public override ConnectionState State => _state;

    /// <summary>The default command timeout in seconds (<c>Default Timeout</c>; 30 unless set).</summary>
    public int DefaultTimeout => _settings.DefaultTimeout;

    /// <summary>The active transaction started by <see cref="BeginTransaction()"/> or a <c>BEGIN</c> statement, if any.</summary>
    internal LightningTransaction? Transaction
    {
        // A COMMIT or ROLLBACK statement in SQL text ends the transaction object's life too.
        get => _transaction is not null && _session is { InTransaction: true } ? _transaction : null;
        set => _transaction = value;
    }

    /// <summary>The session, valid while open.</summary>
    internal SqlSession Session => _session ?? throw new InvalidOperationException("The connection is not open. Call Open() first.");

    /// <summary>The rowid of the last row this connection inserted into a table with an INTEGER PRIMARY KEY.</summary>
    public long LastInsertRowId => _session?.LastInsertRowId ?? 0;

    /// <inheritdoc />
    protected override DbProviderFactory DbProviderFactory => LightningFactory.Instance;

    /// <inheritdoc />
    public override void Open()
    {
        if (_state == ConnectionState.Open) throw new InvalidOperationException("The connection is already open.");
        if (string.IsNullOrWhiteSpace(_settings.DataSource) && _settings.Mode != LightningOpenMode.Memory)
            throw new InvalidOperationException("The connection string has no Data Source.");
        SqlDatabase database = SqlDatabase.Acquire(_settings);
        _database = database;
        _session = new SqlSession(database, _settings.Mode == LightningOpenMode.ReadOnly);
        _state = ConnectionState.Open;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    /// <inheritdoc />
    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        try
        {
            Open();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <inheritdoc />
    public override void Close()
    {
        if (_state == ConnectionState.Closed) return;
        Transaction?.Dispose();
        _transaction = null;
        _session?.Dispose();
        _session = null;
        _database?.Release();
        _database = null;
        _state = ConnectionState.Closed;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    /// <inheritdoc />
    public override Task CloseAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    /// <summary>Not supported: a Lightning.Data database has one schema.</summary>
    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("Lightning.Data databases have a single schema; ChangeDatabase is not supported.");

    /// <summary>Creates a command on this connection.</summary>
    public new LightningCommand CreateCommand() => new() { Connection = this };

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <inheritdoc />
    protected override DbBatch CreateDbBatch() => new LightningBatch { Connection = this };

    /// <inheritdoc />
    public override bool CanCreateBatch => true;

    /// <summary>Starts a snapshot-isolation transaction.</summary>
    public new LightningTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <summary>
    /// Starts a transaction. Every level runs as snapshot isolation: reads see the database as of the first statement,
    /// and a commit that overwrites a row another transaction changed meanwhile fails with a conflict.
    /// <see cref="IsolationLevel.Chaos"/> is rejected.
    /// </summary>
    public new LightningTransaction BeginTransaction(IsolationLevel isolationLevel)
    {
        if (_state != ConnectionState.Open) throw new InvalidOperationException("BeginTransaction requires an open connection.");
        if (Transaction is not null) throw new InvalidOperationException("A transaction is already active: Lightning.Data does not support nested transactions.");
        if (isolationLevel == IsolationLevel.Chaos) throw new ArgumentException("IsolationLevel.Chaos is not supported.", nameof(isolationLevel));
        Session.Begin();
        var transaction = new LightningTransaction(this, isolationLevel == IsolationLevel.Unspecified ? IsolationLevel.Snapshot : isolationLevel);
        Transaction = transaction;
        return transaction;
    }

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <summary>
    /// Runs the statements of <paramref name="commandText"/> lazily: each result is produced when the reader asks for it.
    /// </summary>
    internal IEnumerator<StatementResult> Execute(string commandText, LightningParameterCollection parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (_state != ConnectionState.Open) throw new InvalidOperationException("The connection is not open. Call Open() first.");
        ParameterValues values = Session.RentParameters();
        parameters.CopyTo(values);
        return Session.Execute(commandText, values, timeoutSeconds, cancellationToken);
    }

    /// <summary>Runs every statement of <paramref name="commandText"/> now; returns the summed changed-row count (-1 when none changes rows).</summary>
    internal int ExecuteNonQuery(string commandText, LightningParameterCollection parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (_state != ConnectionState.Open) throw new InvalidOperationException("The connection is not open. Call Open() first.");
        ParameterValues values = Session.RentParameters();
        parameters.CopyTo(values);
        return Session.ExecuteNonQuery(commandText, values, timeoutSeconds, cancellationToken);
    }
}
