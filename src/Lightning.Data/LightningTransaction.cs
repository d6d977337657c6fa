using System.Data;
using System.Data.Common;

namespace Lightning.Data;

/// <summary>A snapshot-isolation transaction on a <see cref="LightningConnection"/>.</summary>
public sealed class LightningTransaction : DbTransaction
{
    private LightningConnection? _connection;
    private readonly IsolationLevel _isolationLevel;

    internal LightningTransaction(LightningConnection connection, IsolationLevel isolationLevel)
    {
        _connection = connection;
        _isolationLevel = isolationLevel;
    }

    /// <summary>The connection, or null once the transaction has completed.</summary>
    public new LightningConnection? Connection => _connection;

    /// <inheritdoc />
    protected override DbConnection? DbConnection => _connection;

    /// <inheritdoc />
    public override IsolationLevel IsolationLevel => _isolationLevel;

    /// <inheritdoc />
    public override bool SupportsSavepoints => true;

    /// <summary>Creates a savepoint (<c>SAVEPOINT name</c>): <see cref="Rollback(string)"/> can later undo everything done after it.</summary>
    public override void Save(string savepointName)
    {
        ArgumentException.ThrowIfNullOrEmpty(savepointName);
        ActiveConnection().Session.Savepoint(savepointName);
    }

    /// <summary>Undoes everything done since the savepoint (<c>ROLLBACK TO name</c>); the transaction stays active.</summary>
    public override void Rollback(string savepointName)
    {
        ArgumentException.ThrowIfNullOrEmpty(savepointName);
        ActiveConnection().Session.RollbackTo(savepointName);
    }

    /// <summary>Forgets the savepoint and every later one (<c>RELEASE name</c>); their changes stay in the transaction.</summary>
    public override void Release(string savepointName)
    {
        ArgumentException.ThrowIfNullOrEmpty(savepointName);
        ActiveConnection().Session.Release(savepointName);
    }

    /// <summary>Applies the transaction's writes atomically and durably.</summary>
    /// <exception cref="Lightning.Kv.LightningConflictException">Another transaction changed a row this one wrote; nothing was written.</exception>
    public override void Commit()
    {
        LightningConnection connection = ActiveConnection();
        _connection = null;
        connection.Transaction = null;
        connection.Session.Commit();
    }

    /// <summary>Discards the transaction's writes.</summary>
    public override void Rollback()
    {
        LightningConnection connection = ActiveConnection();
        _connection = null;
        connection.Transaction = null;
        connection.Session.Rollback();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _connection is { State: ConnectionState.Open } c && ReferenceEquals(c.Transaction, this)) Rollback();
        _connection = null;
        _disposed = true;
        base.Dispose(disposing);
    }

    private bool _disposed;

    private LightningConnection ActiveConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        LightningConnection? connection = _connection;
        if (connection is null || !ReferenceEquals(connection.Transaction, this))
        {
            _connection = null;
            throw new InvalidOperationException("The transaction has already completed.");
        }
        return connection;
    }
}
