using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Lightning.Data.Execution;
using Lightning.Data.Storage;

namespace Lightning.Data;

/// <summary>
/// A KV-SQL command: one or more statements separated by <c>;</c>, with parameters (<c>@name</c>, <c>:name</c>,
/// <c>$name</c> or positional <c>?</c>). Parsed plans are cached per SQL text for the whole process, so preparing
/// explicitly is optional.
/// </summary>
public sealed class LightningCommand : DbCommand
{
    private string _commandText = "";
    private int? _commandTimeout;
    private LightningConnection? _connection;
    private readonly LightningParameterCollection _parameters = new();

    /// <summary>Creates a command with no text and no connection.</summary>
    public LightningCommand()
    {
    }

    /// <summary>Creates a command with text, optionally on a connection and transaction.</summary>
    public LightningCommand(string? commandText, LightningConnection? connection = null, LightningTransaction? transaction = null)
    {
        _commandText = commandText ?? "";
        _connection = connection;
        Transaction = transaction;
    }

    /// <inheritdoc />
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set
        {
            ThrowIfReaderOpen();
            _commandText = value ?? "";
        }
    }

    /// <summary>The reader this command returned that is still open, if any.</summary>
    internal LightningDataReader? ActiveReader { get; set; }

    private void ThrowIfReaderOpen()
    {
        if (ActiveReader is { IsClosed: false }) throw new InvalidOperationException("The command has an open data reader; close it first.");
    }

    /// <summary>Seconds before execution is cancelled (0 = no limit); defaults to the connection's <c>Default Timeout</c>.</summary>
    public override int CommandTimeout
    {
        get => _commandTimeout ?? _connection?.DefaultTimeout ?? 30;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), "The command timeout must not be negative.");
            _commandTimeout = value;
        }
    }

    /// <summary>Only <see cref="CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            // Dapper marks one-word commands ("BEGIN", "COMMIT") as stored procedures; KV-SQL runs them as text.
            if (value is not (CommandType.Text or CommandType.StoredProcedure))
                throw new ArgumentException($"CommandType.{value} is not supported; use CommandType.Text.", nameof(value));
        }
    }

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>The connection the command runs on.</summary>
    public new LightningConnection? Connection
    {
        get => _connection;
        set
        {
            ThrowIfReaderOpen();
            _connection = value;
        }
    }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => Connection = (LightningConnection?)value;
    }

    /// <summary>The transaction the command runs in; must be the connection's active transaction, if it has one.</summary>
    public new LightningTransaction? Transaction { get; set; }

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (LightningTransaction?)value;
    }

    /// <summary>The command's parameters.</summary>
    public new LightningParameterCollection Parameters => _parameters;

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => _parameters;

    /// <summary>Creates a parameter (add it to <see cref="Parameters"/> yourself).</summary>
    public new LightningParameter CreateParameter() => new();

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => CreateParameter();

    /// <summary>Parses and caches the statements now, reporting syntax errors early.</summary>
    public override void Prepare()
    {
        LightningConnection connection = CheckCanExecute();
        connection.Session.Prepare(_commandText);
    }

    /// <summary>Not supported: a running statement is stopped through the CancellationToken of the async methods or by CommandTimeout.</summary>
    public override void Cancel()
    {
    }

    /// <summary>Runs the statements and returns a reader over their results.</summary>
    public new LightningDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <summary>Runs the statements and returns a reader over their results.</summary>
    public new LightningDataReader ExecuteReader(CommandBehavior behavior) => ExecuteReaderCore(behavior, CancellationToken.None);

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReaderCore(behavior, CancellationToken.None);

    /// <inheritdoc />
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<DbDataReader>(cancellationToken);
        try
        {
            return Task.FromResult<DbDataReader>(ExecuteReaderCore(behavior, cancellationToken));
        }
        catch (Exception e)
        {
            return Task.FromException<DbDataReader>(e);
        }
    }

    /// <summary>Runs the statements; returns the number of rows inserted, updated or deleted (-1 when none of them changes rows).</summary>
    public override int ExecuteNonQuery() => ExecuteNonQueryCore(CancellationToken.None);

    /// <inheritdoc />
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<int>(cancellationToken);
        try
        {
            return Task.FromResult(ExecuteNonQueryCore(cancellationToken));
        }
        catch (Exception e)
        {
            return Task.FromException<int>(e);
        }
    }

    /// <summary>Runs the statements; returns the first column of the first row of the first result set, or null.</summary>
    public override object? ExecuteScalar() => ExecuteScalarCore(CancellationToken.None);

    /// <inheritdoc />
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<object?>(cancellationToken);
        try
        {
            return Task.FromResult(ExecuteScalarCore(cancellationToken));
        }
        catch (Exception e)
        {
            return Task.FromException<object?>(e);
        }
    }

    private int ExecuteNonQueryCore(CancellationToken cancellationToken)
    {
        // What a reader read to its end would report, without creating the reader.
        ThrowIfReaderOpen();
        LightningConnection connection = CheckCanExecute();
        return connection.ExecuteNonQuery(_commandText, _parameters, CommandTimeout, cancellationToken);
    }

    private object? ExecuteScalarCore(CancellationToken cancellationToken)
    {
        using LightningDataReader reader = ExecuteReaderCore(CommandBehavior.Default, cancellationToken);
        do
        {
            if (reader.FieldCount > 0)
            {
                object? value = reader.Read() ? reader.GetValue(0) : null;
                while (reader.NextResult())
                {
                }
                return value;
            }
        }
        while (reader.NextResult());
        return null;
    }

    private LightningDataReader ExecuteReaderCore(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        ThrowIfReaderOpen();
        LightningConnection connection = CheckCanExecute();
        IEnumerator<StatementResult> results = connection.Execute(_commandText, _parameters, CommandTimeout, cancellationToken);
        var reader = new LightningDataReader(connection, results, behavior);
        ActiveReader = reader;
        return reader;
    }

    private LightningConnection CheckCanExecute()
    {
        LightningConnection connection = _connection ?? throw new InvalidOperationException("The command has no connection.");
        if (connection.State != ConnectionState.Open) throw new InvalidOperationException("The connection is not open. Call Open() first.");
        LightningTransaction? active = connection.Transaction;
        if (Transaction is not null && !ReferenceEquals(Transaction, active))
        {
            if (Transaction.Connection is null) Transaction = null; // completed: run outside it, as Microsoft.Data.Sqlite does
            else throw new InvalidOperationException("The command's transaction belongs to another connection.");
        }
        if (active is not null && Transaction is null)
            throw new InvalidOperationException("The connection has an active transaction: set the command's Transaction to it.");
        if (string.IsNullOrWhiteSpace(_commandText)) throw new InvalidOperationException("The command text is empty.");
        return connection;
    }
}
