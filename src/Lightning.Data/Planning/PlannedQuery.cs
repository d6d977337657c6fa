using Lightning.Data.Execution;
using Lightning.Data.Execution.Operators;

namespace Lightning.Data.Planning;

/// <summary>A planned SELECT: the operator tree, the frame to open it with, its scope and its visible result columns
/// (the root's rows may carry hidden sort keys after them).</summary>
internal sealed record PlannedQuery(QueryOperator Root, Frame Frame, QueryScope Scope, ResultColumn[] Columns);
