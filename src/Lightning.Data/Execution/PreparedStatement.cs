using Lightning.Data.Catalog;

namespace Lightning.Data.Execution;

/// <summary>
/// A statement bound and planned once, executed many times: the operator tree or DML executor, bound to one
/// <see cref="StatementContext"/> that is reset per execution. Valid only for the catalog it was planned against; it is
/// used by one execution at a time and goes back to its <see cref="PlanPool"/> when that execution ends.
/// </summary>
internal abstract class PreparedStatement(SchemaCatalog catalog, StatementContext context)
{
    /// <summary>The catalog the plan was bound against; a plan is reused only while this is still the published one.</summary>
    public SchemaCatalog Catalog => catalog;

    public StatementContext Context => context;

    /// <summary>Where <see cref="Release"/> returns the plan; null for a plan that is not cached (uncommitted DDL in the session).</summary>
    public PlanPool? Pool { get; set; }

    /// <summary>Ends an execution: drops its references and hands the plan back for the next one.</summary>
    public void Release()
    {
        context.Detach();
        Pool?.Return(this);
    }
}
