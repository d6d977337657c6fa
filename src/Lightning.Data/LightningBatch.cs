using System.Data;
using System.Data.Common;
using Lightning.Data.Execution;

namespace Lightning.Data;

/// <summary>A batch of commands, each with its own parameters, run in order over one reader (<see cref="DbBatch"/>).</summary>
public sealed class LightningBatch : DbBatch
{
    private int? _timeout;

    /// <summary>Creates an empty batch.</summary>
    public LightningBatch()
    {
    }

    /// <summary>Creates an empty batch on a connection.</summary>
    public LightningBatch(LightningConnection? connection) => Connection = connection;

    /// <summary>True for batches made by <see cref="LightningDataSource"/>: disposing the batch closes its connection.</summary>
    internal bool OwnsConnection { get; init; }

    /// <inheritdoc />
    public override void Dispose()
    {
        if (OwnsConnection) Connection?.Dispose();
        base.Dispose();
    }

    /// <summary>The batch's commands.</summary>
    public new LightningBatchCommandCollection BatchCommands { get; } = new();

    /// <inheritdoc />
    protected override DbBatchCommandCollection DbBatchCommands => BatchCommands;

    /// <summary>The connection the batch runs on.</summary>
    public new LightningConnection? Connection { get; set; }

    /// <summary>The transaction the batch runs in (must be the connection's active transaction, if it has one).</summary>
    public new LightningTransaction? Transaction { get; set; }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = (LightningConnection?)value;
    }

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (LightningTransaction?)value;
    }

    /// <summary>Seconds before execution is cancelled; defaults to the connection's Default Timeout.</summary>
    public override int Timeout
    {
        get => _timeout ?? Connection?.DefaultTimeout ?? 30;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), "The timeout must not be negative.");
            _timeout = value;
        }
    }

    /// <summary>Runs the commands; returns a reader over all their result sets.</summary>
    public new LightningDataReader ExecuteReader(CommandBehavior behavior = CommandBehavior.Default) => ExecuteReaderCore(behavior, CancellationToken.None);

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReaderCore(behavior, CancellationToken.None);

    /// <inheritdoc />
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        RunAsync<DbDataReader>(() => ExecuteReaderCore(behavior, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override int ExecuteNonQuery() => ExecuteNonQueryCore(CancellationToken.None);

    private int ExecuteNonQueryCore(CancellationToken cancellationToken)
    {
        using LightningDataReader reader = ExecuteReaderCore(CommandBehavior.Default, cancellationToken);
        reader.Close();
        return reader.RecordsAffected;
    }

    /// <inheritdoc />
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) =>
        RunAsync(() => ExecuteNonQueryCore(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override object? ExecuteScalar() => ExecuteScalarCore(CancellationToken.None);

    private object? ExecuteScalarCore(CancellationToken cancellationToken)
    {
        using LightningDataReader reader = ExecuteReaderCore(CommandBehavior.Default, cancellationToken);
        return reader.FieldCount > 0 && reader.Read() ? reader.GetValue(0) : null;
    }

    /// <inheritdoc />
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) =>
        RunAsync(() => ExecuteScalarCore(cancellationToken), cancellationToken);

    /// <summary>Runs synchronously (the engine is in-process) and reports the outcome as a task, like LightningCommand.</summary>
    private static Task<T> RunAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        try
        {
            return Task.FromResult(action());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    /// <summary>Parses every command now (plans are cached by text).</summary>
    public override void Prepare()
    {
        LightningConnection connection = CheckCanExecute();
        foreach (LightningBatchCommand command in BatchCommands) connection.Session.Prepare(command.CommandText);
    }

    /// <inheritdoc />
    public override Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Prepare();
        return Task.CompletedTask;
    }

    /// <summary>Not supported; use the CancellationToken of the async methods or <see cref="Timeout"/>.</summary>
    public override void Cancel()
    {
    }

    /// <inheritdoc />
    protected override DbBatchCommand CreateDbBatchCommand() => new LightningBatchCommand();

    private LightningDataReader ExecuteReaderCore(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        LightningConnection connection = CheckCanExecute();
        return new LightningDataReader(connection, Run(connection, cancellationToken), behavior);
    }

    private IEnumerator<StatementResult> Run(LightningConnection connection, CancellationToken cancellationToken)
    {
        foreach (LightningBatchCommand command in BatchCommands)
        {
            if (string.IsNullOrWhiteSpace(command.CommandText)) throw new InvalidOperationException("A batch command has empty CommandText.");
            command.RecordsAffectedValue = -1;
            using IEnumerator<StatementResult> results = connection.Execute(command.CommandText, command.Parameters, Timeout, cancellationToken);
            while (results.MoveNext())
            {
                StatementResult result = results.Current;
                if (result.RecordsAffected >= 0) command.RecordsAffectedValue = Math.Max(0, command.RecordsAffectedValue) + result.RecordsAffected;
                yield return result;
            }
        }
    }

    private LightningConnection CheckCanExecute()
    {
        LightningConnection connection = Connection ?? throw new InvalidOperationException("The batch has no connection.");
        if (connection.State != ConnectionState.Open) throw new InvalidOperationException("The connection is not open. Call Open() first.");
        if (BatchCommands.Count == 0) throw new InvalidOperationException("The batch has no commands.");
        LightningTransaction? active = connection.Transaction;
        if (Transaction is not null && !ReferenceEquals(Transaction, active) && Transaction.Connection is not null)
            throw new InvalidOperationException("The batch's transaction belongs to another connection.");
        if (active is not null && !ReferenceEquals(Transaction, active))
            throw new InvalidOperationException("The connection has an active transaction: set the batch's Transaction to it.");
        return connection;
    }
}
