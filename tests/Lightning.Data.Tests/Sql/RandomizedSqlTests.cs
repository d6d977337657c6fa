using System.Data.Common;
using System.Text;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>
/// Thousands of generated and mutated statements over a small schema (deterministic seed): every failure must be a
/// LightningException, no statement may hang, and the connection must stay usable. CI runs ~3,000 statements;
/// set LIGHTNING_SQL_FUZZ_COUNT for a long run.
/// </summary>
public sealed class RandomizedSqlTests
{
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] Tables = ["a", "b", "kv", "missing"];
    private static readonly string[] Columns = ["id", "x", "s", "r", "bl", "key", "value", "nope", "*"];
    private static readonly string[] Literals = ["0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808", "1.5", "1e308", "'x'", "''", "'it''s'", "X'00'", "X''", "NULL", "TRUE", "FALSE", "@p", "?", ":q", "'%'"];
    private static readonly string[] BinaryOps = ["+", "-", "*", "/", "%", "||", "=", "<>", "!=", "<", "<=", ">", ">=", "AND", "OR", "IS", "IS NOT", "LIKE", "NOT LIKE"];
    private static readonly string[] Functions = ["COALESCE", "IFNULL", "NULLIF", "ABS", "ROUND", "LENGTH", "LOWER", "UPPER", "TRIM", "LTRIM", "RTRIM", "SUBSTR", "REPLACE", "INSTR", "COUNT", "SUM", "AVG", "MIN", "MAX", "LAST_INSERT_ROWID", "CHANGES"];
    private static readonly string[] Tokens = ["SELECT", "FROM", "WHERE", "(", ")", ",", ";", "'", "\"", "[", "]", "--", "/*", "*/", "ORDER BY", "GROUP BY", "LIMIT", "JOIN", "ON", "CASE", "END", "IN", "BETWEEN", "EXISTS", "@", "?", "X'", "\0", "ÿ", "😀", "DISTINCT", "RETURNING", "BEGIN", "COMMIT", "ROLLBACK", "EXPLAIN"];

    private sealed class Generator(Random random)
    {
        private T Pick<T>(T[] items) => items[random.Next(items.Length)];

        public string Expr(int depth)
        {
            if (depth <= 0) return random.Next(3) == 0 ? Pick(Columns[..7]) : Pick(Literals);
            return random.Next(10) switch
            {
                0 => $"({Expr(depth - 1)} {Pick(BinaryOps)} {Expr(depth - 1)})",
                1 => $"{Pick(Functions)}({Expr(depth - 1)}{(random.Next(2) == 0 ? ", " + Expr(depth - 1) : "")})",
                2 => $"CASE WHEN {Expr(depth - 1)} THEN {Expr(depth - 1)} ELSE {Expr(depth - 1)} END",
                3 => $"CAST({Expr(depth - 1)} AS {Pick(new[] { "INTEGER", "REAL", "TEXT", "BLOB", "GUID", "DECIMAL" })})",
                4 => $"{Expr(depth - 1)} {(random.Next(2) == 0 ? "NOT " : "")}IN ({Expr(depth - 1)}, {Expr(depth - 1)})",
                5 => $"{Expr(depth - 1)} BETWEEN {Expr(depth - 1)} AND {Expr(depth - 1)}",
                6 => $"EXISTS (SELECT 1 FROM {Pick(Tables)} WHERE {Expr(depth - 1)})",
                7 => $"(SELECT {Expr(depth - 1)} FROM {Pick(Tables)} LIMIT 1)",
                8 => $"NOT {Expr(depth - 1)}",
                _ => $"{Expr(depth - 1)} IS {(random.Next(2) == 0 ? "NOT " : "")}NULL",
            };
        }

        public string Statement() => random.Next(12) switch
        {
            0 or 1 or 2 => $"SELECT {(random.Next(4) == 0 ? "DISTINCT " : "")}{Expr(2)}, {Pick(Columns)} FROM {Pick(Tables)} WHERE {Expr(3)}" +
                           $"{(random.Next(2) == 0 ? $" ORDER BY {Expr(1)} {Pick(new[] { "ASC", "DESC", "NULLS FIRST", "DESC NULLS LAST" })}" : "")}" +
                           $"{(random.Next(2) == 0 ? $" LIMIT {Pick(Literals)} OFFSET {Pick(Literals)}" : "")}",
            3 => $"SELECT {Expr(3)}",
            4 => $"SELECT {Pick(Functions)}({Expr(1)}), {Pick(Columns)} FROM {Pick(Tables)} GROUP BY {Expr(1)} HAVING {Expr(2)}",
            5 => $"INSERT {Pick(new[] { "", "OR REPLACE ", "OR IGNORE " })}INTO {Pick(Tables)} VALUES ({Expr(1)}, {Expr(1)}, {Expr(1)}, {Expr(1)}, {Expr(1)}){(random.Next(3) == 0 ? " RETURNING *" : "")}",
            6 => $"INSERT INTO {Pick(Tables)} ({Pick(Columns)}, {Pick(Columns)}) VALUES ({Expr(1)}, {Expr(1)}) ON CONFLICT (id) DO UPDATE SET x = excluded.x",
            7 => $"UPDATE {Pick(Tables)} SET {Pick(Columns)} = {Expr(2)} WHERE {Expr(2)}",
            8 => $"DELETE FROM {Pick(Tables)} WHERE {Expr(2)}",
            9 => $"SELECT a.id, b.{Pick(Columns)} FROM a {Pick(new[] { "JOIN", "LEFT JOIN", "INNER JOIN" })} b ON {Expr(2)} WHERE {Expr(1)}",
            10 => $"EXPLAIN SELECT * FROM {Pick(Tables)} WHERE {Expr(2)}",
            _ => Pick(new[] { "BEGIN", "COMMIT", "ROLLBACK", "CREATE TABLE IF NOT EXISTS c (id INTEGER PRIMARY KEY, v TEXT)", "DROP TABLE IF EXISTS c", "CREATE INDEX IF NOT EXISTS ix_x ON a (x DESC)", "DROP INDEX IF EXISTS ix_x", "ALTER TABLE b ADD COLUMN extra TEXT DEFAULT 'e'" }),
        };

        public string Mutate(string sql)
        {
            var text = new StringBuilder(sql);
            int edits = 1 + random.Next(3);
            for (int i = 0; i < edits && text.Length > 0; i++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(5))
                {
                    case 0: text.Remove(at, Math.Min(1 + random.Next(6), text.Length - at)); break;
                    case 1: text.Insert(at, Pick(Tokens)); break;
                    case 2: text[at] = (char)random.Next(32, 127); break;
                    case 3: text.Insert(at, " " + Pick(Literals) + " "); break;
                    default: text.Length = at; break;
                }
            }
            return text.ToString();
        }
    }

    private static Exception? Run(LightningConnection connection, string sql, Random random)
    {
        Task<Exception?> task = Task.Run(() =>
        {
            try
            {
                using DbCommand command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (string name in new[] { "@p", ":q" })
                {
                    if (random.Next(4) == 0) continue; // sometimes leave a parameter missing
                    DbParameter p = command.CreateParameter();
                    p.ParameterName = name;
                    p.Value = random.Next(4) switch { 0 => 1L, 1 => "x", 2 => new byte[] { 1 }, _ => DBNull.Value };
                    command.Parameters.Add(p);
                }
                using DbDataReader reader = command.ExecuteReader();
                do
                {
                    while (reader.Read())
                        for (int i = 0; i < reader.FieldCount; i++) reader.GetValue(i);
                } while (reader.NextResult());
                return null;
            }
            catch (Exception error)
            {
                return error;
            }
        });
        Assert.True(task.Wait(StatementTimeout), $"statement hung for {StatementTimeout}: {sql}");
        return task.Result;
    }

    [Fact]
    public void Generated_and_mutated_statements_fail_only_with_LightningException()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("LIGHTNING_SQL_FUZZ_COUNT"), out int n) && n > 0 ? n : 3000;
        var random = new Random(20240601);
        var generator = new Generator(random);
        using var db = new TestDatabase("fuzz");
        using LightningConnection connection = db.OpenConnection();
        connection.Exec("""
            CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER, s TEXT, r REAL, bl BLOB);
            CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT, x INTEGER UNIQUE, s TEXT NOT NULL DEFAULT 'd', r REAL, bl BLOB);
            CREATE INDEX ix_s ON a (s);
            INSERT INTO a VALUES (1, 1, 'one', 1.0, X'01'), (2, NULL, 'two', NULL, NULL), (3, -5, '', 2.5, X'');
            INSERT INTO b (x, s) VALUES (1, 'b1'), (2, 'b2');
            """);
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            string sql = generator.Statement();
            if (random.Next(2) == 0) sql = generator.Mutate(sql);
            if (string.IsNullOrWhiteSpace(sql)) continue; // empty command text is ADO.NET misuse (InvalidOperationException), not SQL
            Exception? error = Run(connection, sql, random);
            if (error is not null)
            {
                failures++;
                Assert.True(error is LightningException, $"statement #{i} threw {error.GetType().FullName}: {error.Message}\nSQL: {sql}\n{error}");
            }
            if (i % 100 == 99)
                Assert.Equal(1L, Convert.ToInt64(connection.Scalar("SELECT 1")));
        }
        // Leave any transaction a generated BEGIN opened, then prove the connection still works.
        try { connection.Exec("ROLLBACK"); } catch (LightningException) { }
        Assert.Equal(1L, Convert.ToInt64(connection.Scalar("SELECT 1")));
        Assert.True(failures < count, "every statement failed: the generator is not exercising the engine");
        Assert.True(failures > 0, "no statement failed: the mutations are not exercising the error paths");
    }
}
