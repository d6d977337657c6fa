namespace Lightning.Data.Execution.Operators;

/// <summary>An access operator that knows the stored key of its current row (what UPDATE and DELETE change).</summary>
internal interface IKeyedRowSource
{
    byte[]? CurrentKey { get; }
}
