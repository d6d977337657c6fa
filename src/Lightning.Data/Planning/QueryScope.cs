using Lightning.Data.Catalog;
using Lightning.Data.Execution;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Storage;

namespace Lightning.Data.Planning;

/// <summary>One table (or derived table) visible in a query level, with the frame slots its columns occupy.</summary>
internal sealed class ScopeTable
{
    public required string Alias { get; init; }
    public required string[] ColumnNames { get; init; }
    public required SqlAffinity[] Affinities { get; init; }
    public required bool[] NoCase { get; init; }
    public required int BaseSlot { get; init; }
    public TableSchema? Schema { get; init; }
    public TableLayout? Layout { get; init; }

    /// <summary>Result metadata per column (for derived tables: their result columns).</summary>
    public ResultColumn?[]? Columns { get; init; }

    public int IndexOf(string name)
    {
        for (int i = 0; i < ColumnNames.Length; i++)
            if (string.Equals(ColumnNames[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}

/// <summary>The names a query level can see: its FROM tables, and its parent level for correlated subqueries.</summary>
internal sealed class QueryScope(QueryScope? parent)
{
    public QueryScope? Parent { get; } = parent;
    public List<ScopeTable> Tables { get; } = [];
    public int Width { get; private set; }

    /// <summary>Set when an expression of a nested level referenced this level's columns.</summary>
    public bool ReferencedFromInside { get; set; }

    /// <summary>Set on a nested level that referenced an enclosing level.</summary>
    public bool IsCorrelated { get; set; }

    /// <summary>While this level's post-aggregate expressions (select list, HAVING, ORDER BY of an aggregate query) are
    /// bound: maps one of its columns to a slot of the aggregate row, so a correlated subquery there reads the group's
    /// value rather than a source-row slot that the aggregate row does not have.</summary>
    public Func<ScopeTable, int, int>? AggregateSlotMap { get; set; }

    public ScopeTable Add(string alias, string[] names, SqlAffinity[] affinities, bool[] noCase, TableSchema? schema, ResultColumn?[]? columns,
        Func<int, TableLayout?>? layoutFactory = null)
    {
        var table = new ScopeTable
        {
            Alias = alias,
            ColumnNames = names,
            Affinities = affinities,
            NoCase = noCase,
            BaseSlot = Width,
            Schema = schema,
            Columns = columns,
            Layout = layoutFactory?.Invoke(Width),
        };
        Tables.Add(table);
        Width += names.Length;
        return table;
    }

    /// <summary>Adds <paramref name="count"/> frame slots no name resolves to (window function results); returns the first.</summary>
    public int ReserveSlots(int count)
    {
        int first = Width;
        Width += count;
        return first;
    }

    /// <summary>The table a column reference resolves to in this level, or null; throws on an ambiguous unqualified name.</summary>
    public (ScopeTable Table, int Column)? Resolve(string? qualifier, string column, int line, int col)
    {
        (ScopeTable, int)? found = null;
        foreach (ScopeTable table in Tables)
        {
            if (qualifier is not null && !string.Equals(table.Alias, qualifier, StringComparison.OrdinalIgnoreCase)) continue;
            int index = table.IndexOf(column);
            if (index < 0) continue;
            if (found is not null)
                throw new LightningSqlException(Lightning.Kv.LightningErrorCode.SqlUnknownObject, $"Ambiguous column name '{column}': qualify it with a table name.", line, col);
            found = (table, index);
        }
        return found;
    }

    public bool HasTable(string qualifier)
    {
        foreach (ScopeTable table in Tables)
            if (string.Equals(table.Alias, qualifier, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
