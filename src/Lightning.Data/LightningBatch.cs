using System.Data.Common;

namespace Lightning.Data;

// STUB: replaced by the full implementation.
/// <summary>A batch of commands.</summary>
public sealed class LightningBatch : DbBatch
{
#pragma warning disable CS1591
    public new LightningConnection? Connection { get; set; }
    public new LightningTransaction? Transaction { get; set; }
    public override int Timeout { get; set; }
    protected override DbBatchCommandCollection DbBatchCommands => throw new NotSupportedException();
    protected override DbConnection? DbConnection { get => Connection; set => Connection = (LightningConnection?)value; }
    protected override DbTransaction? DbTransaction { get => Transaction; set => Transaction = (LightningTransaction?)value; }
    public override void Cancel() { }
    public override int ExecuteNonQuery() => throw new NotSupportedException();
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override object? ExecuteScalar() => throw new NotSupportedException();
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override void Prepare() { }
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    protected override DbBatchCommand CreateDbBatchCommand() => throw new NotSupportedException();
    protected override DbDataReader ExecuteDbDataReader(System.Data.CommandBehavior behavior) => throw new NotSupportedException();
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(System.Data.CommandBehavior behavior, CancellationToken cancellationToken) => throw new NotSupportedException();
#pragma warning restore CS1591
}
