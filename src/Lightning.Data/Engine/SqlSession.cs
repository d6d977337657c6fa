using Lightning.Data.Execution;

namespace Lightning.Data.Engine;

/// <summary>SKELETON</summary>
internal sealed class SqlSession : IDisposable
{
    public SqlSession(SqlDatabase database) => _ = database;
    public bool InTransaction => false;
    public long LastInsertRowId => 0;
    public void Begin() { }
    public void Commit() { }
    public void Rollback() { }
    public void Prepare(string sql) { }
    public IEnumerator<StatementResult> Execute(string sql, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken) => throw new NotImplementedException();
    public void Dispose() { }
}
