using Lightning.Data.Execution;
using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Engine;

internal sealed partial class SqlSession
{
    private StatementRun? _spareRun;

    /// <summary>
    /// One execution of a command's statements for a data reader, one statement per MoveNext. It ends (handing the
    /// parameter set back) after the last statement, on the first failure or on Dispose; the session keeps one spare,
    /// like its parameter set, so a cached query does not allocate an enumerator per execution. It goes back to the
    /// session only on Dispose, which the reader calls once: a reader that is still open never shares it.
    /// </summary>
    private sealed class StatementRun(SqlSession session) : IEnumerator<StatementResult>
    {
        private IReadOnlyList<Statement> _statements = [];
        private ParameterValues _parameters = ParameterValues.Empty;
        private int _timeoutSeconds;
        private CancellationToken _cancellationToken;
        private int _next;
        private bool _ended = true;
        private StatementResult? _current;

        public void Start(IReadOnlyList<Statement> statements, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
        {
            _statements = statements;
            _parameters = parameters;
            _timeoutSeconds = timeoutSeconds;
            _cancellationToken = cancellationToken;
            _next = 0;
            _ended = false;
            _current = null;
        }

        public StatementResult Current => _current ?? throw new InvalidOperationException("The run is not positioned on a statement.");

        object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext()
        {
            _current = null;
            if (_ended) return false;
            if (_next >= _statements.Count)
            {
                End();
                return false;
            }
            try
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _current = session.ExecuteStatement(_statements[_next++], _parameters, _timeoutSeconds, _cancellationToken);
                return true;
            }
            catch
            {
                End();
                throw;
            }
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            End();
            session._spareRun = this;
        }

        private void End()
        {
            if (_ended) return;
            _ended = true;
            _current = null;
            session.ReturnParameters(_parameters);
            _parameters = ParameterValues.Empty;
            _statements = [];
            _cancellationToken = default;
        }
    }

    private IEnumerator<StatementResult> Run(IReadOnlyList<Statement> statements, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        StatementRun run = _spareRun ?? new StatementRun(this);
        _spareRun = null;
        run.Start(statements, parameters, timeoutSeconds, cancellationToken);
        return run;
    }
}
