using Lightning.Data.Engine;
using Lightning.Kv;

namespace Lightning.Data.Execution;

/// <summary>Everything one statement execution needs: the session, parameter values, storage access and the deadline.</summary>
internal sealed class StatementContext
{
    private readonly long _deadline;
    private readonly CancellationToken _cancellationToken;
    private int _ticks;

    public StatementContext(SqlSession session, ParameterValues parameters, StatementStorage storage, int timeoutSeconds, CancellationToken cancellationToken)
    {
        Session = session;
        Parameters = parameters;
        Storage = storage;
        _deadline = timeoutSeconds > 0 ? Environment.TickCount64 + timeoutSeconds * 1000L : long.MaxValue;
        _cancellationToken = cancellationToken;
    }

    public SqlSession Session { get; }
    public ParameterValues Parameters { get; }
    public StatementStorage Storage { get; }

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
