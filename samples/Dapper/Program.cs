using System.Data;
using Dapper;
using Lightning.Data;
using Lightning.Kv;

// A small order book on Lightning.Data through Dapper — the shape of code an application copies:
// a data source registered once, a schema created idempotently, typed queries, a transaction with retry on conflict.
string path = args.Length > 0 ? args[0] : "orders.ldb";
var dataSource = new LightningDataSource($"Data Source={path}");

using (LightningConnection connection = dataSource.OpenConnection())
{
    connection.Execute("""
        CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT UNIQUE NOT NULL);
        CREATE TABLE IF NOT EXISTS orders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            placed DATETIME NOT NULL,
            total DECIMAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'open');
        CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, placed DESC);
        """);
}

long customerId = UpsertCustomer("Ada Lovelace", "ada@example.com");
PlaceOrder(customerId, 42.50m);
PlaceOrder(customerId, 7.25m);

using (LightningConnection connection = dataSource.OpenConnection())
{
    var latest = connection.Query<Order>(
        "SELECT id, customer_id AS CustomerId, placed, total, status FROM orders WHERE customer_id = @customerId ORDER BY placed DESC LIMIT 5",
        new { customerId });
    foreach (Order order in latest) Console.WriteLine($"order {order.Id}: {order.Total:0.00} placed {order.Placed:u} ({order.Status})");

    var summary = connection.QuerySingle<(long Orders, decimal Spent)>(
        "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM orders WHERE customer_id = @customerId", new { customerId });
    Console.WriteLine($"{summary.Orders} orders, {summary.Spent:0.00} in total");
    Console.WriteLine(string.Join(Environment.NewLine, connection.Query<string>(
        "EXPLAIN SELECT id FROM orders WHERE customer_id = @customerId ORDER BY placed DESC LIMIT 5", new { customerId })));
}

long UpsertCustomer(string name, string email)
{
    using LightningConnection connection = dataSource.OpenConnection();
    return connection.ExecuteScalar<long>(
        "INSERT INTO customers (name, email) VALUES (@name, @email) ON CONFLICT (email) DO UPDATE SET name = excluded.name RETURNING id",
        new { name, email });
}

void PlaceOrder(long customer, decimal total)
{
    // Snapshot-isolation transactions fail with Code Conflict when another writer changed the same rows first: retry.
    for (int attempt = 1; ; attempt++)
    {
        using LightningConnection connection = dataSource.OpenConnection();
        using IDbTransaction tx = connection.BeginTransaction();
        try
        {
            connection.Execute("INSERT INTO orders (customer_id, placed, total) VALUES (@customer, @placed, @total)",
                new { customer, placed = DateTime.UtcNow, total }, tx);
            tx.Commit();
            return;
        }
        catch (LightningException e) when (e.Code == LightningErrorCode.Conflict && attempt < 5)
        {
            // another transaction won; run the whole unit of work again
        }
    }
}

internal sealed record Order(long Id, long CustomerId, DateTime Placed, decimal Total, string Status);
