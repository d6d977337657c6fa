using Lightning.Data.Catalog;
using Lightning.Data.Planning;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution;

/// <summary>A SELECT planned once: its operator tree, reused across executions through its <see cref="SelectResult"/>.</summary>
internal sealed class PreparedSelect : PreparedStatement
{
    private readonly SelectResult _result;
    private DeclaredType[]? _columnTypes;

    public PreparedSelect(SchemaCatalog catalog, StatementContext context, PlannedQuery plan) : base(catalog, context)
    {
        Plan = plan;
        _result = new SelectResult(this);
    }

    public PlannedQuery Plan { get; }

    /// <summary>The declared type of each result column, parsed once per plan.</summary>
    public DeclaredType[] ColumnTypes => _columnTypes ??= DeclaredTypes.For(Plan.Columns);

    public SelectResult Start(KvTransaction? ownedTransaction) => _result.Start(ownedTransaction);
}
