using Lightning.Data.Catalog;
using Lightning.Data.Execution;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Storage;

namespace Lightning.Data.Planning;

/// <summary>What planning one statement needs: the catalog snapshot, the execution context frames are made for, and
/// (for INSERT … ON CONFLICT DO UPDATE) the <c>excluded</c> pseudo-table.</summary>
internal sealed class PlanningContext(SchemaCatalog catalog, StatementContext execution, Func<TableSchema, int, TableLayout> layouts)
{
    public SchemaCatalog Catalog => catalog;
    public StatementContext Execution => execution;
    public ScopeTable? Excluded { get; set; }

    /// <summary>The (immutable, cached per catalog version) storage layout of <paramref name="table"/> at <paramref name="baseSlot"/>.</summary>
    public TableLayout Layout(TableSchema table, int baseSlot) => layouts(table, baseSlot);
}
