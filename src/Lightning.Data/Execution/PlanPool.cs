using Lightning.Data.Catalog;

namespace Lightning.Data.Execution;

/// <summary>
/// The idle prepared plans of one cached statement. Each execution rents one (or plans a new one when all are busy, e.g.
/// the same SQL running on several connections at once) and returns it when done; a few are kept per statement.
/// </summary>
internal sealed class PlanPool
{
    private const int MaxIdle = 4;
    private readonly PreparedStatement?[] _idle = new PreparedStatement?[MaxIdle];
    private readonly Lock _lock = new();
    private int _count;

    /// <summary>An idle plan bound to <paramref name="catalog"/>, or null; plans of older catalogs are dropped on the way.</summary>
    public PreparedStatement? Rent(SchemaCatalog catalog)
    {
        lock (_lock)
        {
            while (_count > 0)
            {
                PreparedStatement plan = _idle[--_count]!;
                _idle[_count] = null;
                if (ReferenceEquals(plan.Catalog, catalog)) return plan;
            }
        }
        return null;
    }

    public void Return(PreparedStatement plan)
    {
        lock (_lock)
        {
            if (_count < MaxIdle) _idle[_count++] = plan;
        }
    }
}
