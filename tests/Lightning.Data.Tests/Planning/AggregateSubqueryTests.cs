using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Planning;

/// <summary>Correlated subqueries in the select list, HAVING and ORDER BY of an aggregate query read the group's values
/// (EF Core writes <c>g.OrderBy(…).Select(…).FirstOrDefault()</c> this way).</summary>
public sealed class AggregateSubqueryTests : IClassFixture<ConnectionFixture>
{
    private readonly LightningConnection _connection;

    public AggregateSubqueryTests(ConnectionFixture fixture)
    {
        _connection = fixture.Connection;
        _connection.Exec("""
            CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, customer TEXT, placed TEXT, amount INTEGER);
            DELETE FROM orders;
            INSERT INTO orders VALUES (1, 'a', '2024-01-03', 10), (2, 'a', '2024-02-01', 30), (3, 'b', '2024-01-10', 5),
                                      (4, 'b', '2024-01-02', 50), (5, 'c', '2024-03-01', 7);
            """);
    }

    [Fact]
    public void Select_list_subquery_correlated_on_the_group_key()
    {
        List<(string, long)> rows = Query("""
            SELECT o.customer, COALESCE((SELECT o0.id FROM orders AS o0 WHERE o.customer = o0.customer ORDER BY o0.placed DESC LIMIT 1), 0) AS latest
            FROM orders AS o GROUP BY o.customer ORDER BY o.customer
            """);
        Assert.Equal([("a", 2L), ("b", 3L), ("c", 5L)], rows);
    }

    [Fact]
    public void Having_and_order_by_subqueries_correlated_on_the_group_key()
    {
        List<(string, long)> rows = Query("""
            SELECT o.customer, COUNT(*) FROM orders AS o GROUP BY o.customer
            HAVING (SELECT MAX(o1.amount) FROM orders AS o1 WHERE o1.customer = o.customer) > 8
            ORDER BY (SELECT MIN(o2.placed) FROM orders AS o2 WHERE o2.customer = o.customer) DESC
            """);
        Assert.Equal([("a", 2L), ("b", 2L)], rows);
    }

    [Fact]
    public void A_non_grouped_column_in_the_subquery_takes_a_value_of_the_group()
    {
        // Every order of customer 'c' has id 5, so the bare column's value is known.
        Assert.Equal(7L, _connection.Scalar("SELECT (SELECT o1.amount FROM orders AS o1 WHERE o1.id = o.id) FROM orders AS o WHERE o.customer = 'c' GROUP BY o.customer"));
    }

    private List<(string, long)> Query(string sql)
    {
        var rows = new List<(string, long)>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return rows;
    }
}
