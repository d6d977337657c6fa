using Lightning.Data.Engine;
using Lightning.Kv;

namespace Lightning.Data.Execution;

/// <summary>
/// Everything one statement execution needs: the session, parameter values, storage access and the deadline. A
/// prepared plan keeps one context for its lifetime and <see cref="Reset"/>s it for each execution, so the operators and
/// expressions bound to it at planning time read the current execution's values.
/// </summary>
internal sealed class StatementContext
{
    private long _deadline;
    private CancellationToken _cancellationToken;
    private int _ticks;
    private DateTime _now;
    private long _nowExecution = -1;

    public StatementContext(SqlSession session, ParameterValues parameters, StatementStorage storage, int timeoutSeconds, CancellationToken cancellationToken)
    {
        Storage = storage;
        Reset(session, parameters, storage.Transaction, timeoutSeconds, cancellationToken);
    }

    public SqlSession Session { get; private set; } = null!;
    public ParameterValues Parameters { get; private set; } = null!;
    public StatementStorage Storage { get; }

    /// <summary>Changes with every execution: caches keyed by it (uncorrelated subqueries) never leak between runs.</summary>
    public long ExecutionId { get; private set; }

    /// <summary>The UTC time of this execution, read once on first use so every row of a statement sees the same 'now'
    /// (SQLite's rule for <c>date('now')</c> and friends).</summary>
    public DateTime UtcNow
    {
        get
        {
            if (_nowExecution != ExecutionId)
            {
                _now = DateTime.UtcNow;
                _nowExecution = ExecutionId;
            }
            return _now;
        }
    }

    /// <summary>Prepares the context for another execution of the same plan.</summary>
    public void Reset(SqlSession session, ParameterValues parameters, KvTransaction transaction, int timeoutSeconds, CancellationToken cancellationToken)
    {
        Session = session;
        Parameters = parameters;
        Storage.Reset(transaction);
        _deadline = timeoutSeconds > 0 ? Environment.TickCount64 + timeoutSeconds * 1000L : long.MaxValue;
        _cancellationToken = cancellationToken;
        _ticks = 0;
        ExecutionId++;
    }

    /// <summary>Drops the references to the last execution's session, parameters and transaction (for a pooled plan).</summary>
    public void Detach()
    {
        Session = null!;
        Parameters = ParameterValues.Empty;
        Storage.Reset(null);
        _cancellationToken = default;
    }

    /// <summary>Called once per row produced or examined; every 256 calls checks the token and the deadline.</summary>
    public void Tick()
    {
        if ((++_ticks & 255) == 0) CheckNow();
    }

    public void CheckNow()
    {
        if (_cancellationToken.IsCancellationRequested)
            throw new LightningException(LightningErrorCode.Cancelled, "The command was cancelled.");
        if (Environment.TickCount64 > _deadline)
            throw new LightningException(LightningErrorCode.Cancelled, "The command timed out (CommandTimeout).");
    }
}
