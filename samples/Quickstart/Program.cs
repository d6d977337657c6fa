using Dapper;
using Lightning.Data;

// Quickstart: open (or create) the database directory quickstart.ldb, create a table, write and query it with
// plain ADO.NET and with Dapper, use a transaction and the built-in kv table. Run it again: the data is still there.
string path = args.Length > 0 ? args[0] : "quickstart.ldb";
using var connection = new LightningConnection($"Data Source={path}");
connection.Open();

connection.Execute("""
    CREATE TABLE IF NOT EXISTS users (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        name    TEXT NOT NULL,
        email   TEXT UNIQUE,
        visits  INTEGER DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS users_by_name ON users (name);
    """);

// Plain ADO.NET with parameters.
using (LightningCommand insert = connection.CreateCommand())
{
    insert.CommandText = "INSERT INTO users (name, email) VALUES (@name, @email) ON CONFLICT (email) DO UPDATE SET visits = visits + 1";
    insert.Parameters.AddWithValue("@name", "Ada");
    insert.Parameters.AddWithValue("@email", "ada@example.com");
    insert.ExecuteNonQuery();
}

// Dapper, as most applications write it: a transaction around several statements.
using (LightningTransaction tx = connection.BeginTransaction())
{
    connection.Execute("INSERT INTO users (name, email) VALUES (@Name, @Email) ON CONFLICT (email) DO UPDATE SET visits = visits + 1",
        new[] { new { Name = "Grace", Email = "grace@example.com" }, new { Name = "Linus", Email = "linus@example.com" } }, tx);
    tx.Commit(); // throws LightningException (Code Conflict) if another connection changed the same rows meanwhile
}

Console.WriteLine("users by id:");
foreach (User user in connection.Query<User>("SELECT id, name, email, visits FROM users ORDER BY id"))
    Console.WriteLine($"  {user.Id}: {user.Name} <{user.Email}> visits={user.Visits}");

var ada = connection.QuerySingle<User>("SELECT * FROM users WHERE email = @email", new { email = "ada@example.com" });
Console.WriteLine($"point lookup through the UNIQUE index: {ada.Name}, seen {ada.Visits + 1} time(s)");

Console.WriteLine("how it runs:");
foreach (string line in connection.Query<string>("EXPLAIN SELECT name FROM users WHERE id BETWEEN 1 AND 2"))
    Console.WriteLine($"  {line}");

// The built-in kv table: the store as a plain ordered map.
connection.Execute("INSERT OR REPLACE INTO kv VALUES (@k, @v)", new { k = "greeting", v = "hello, world"u8.ToArray() });
byte[] greeting = connection.ExecuteScalar<byte[]>("SELECT value FROM kv WHERE key = @k", new { k = "greeting" })!;
Console.WriteLine($"kv greeting = {System.Text.Encoding.UTF8.GetString(greeting)} (data is on disk in '{Path.GetFullPath(path)}')");

internal sealed record User(long Id, string Name, string? Email, long Visits);
