using System.Text;
using Lightning.Data.Sql.Parsing;

namespace Lightning.Data.Tests.Sql.Parsing;

/// <summary>Random and mutated input: the parser either succeeds or throws <see cref="LightningSqlException"/>, never anything else.</summary>
public sealed class ParserFuzzTests
{
    private static readonly string[] Seeds =
    [
        "SELECT key, value FROM kv WHERE key >= @lo AND key < @hi ORDER BY key LIMIT 100",
        "SELECT DISTINCT a AS x, t.*, COUNT(*) FROM t AS a LEFT JOIN u ON a.id = u.id WHERE a.b IN (1, 2) GROUP BY a HAVING COUNT(*) > 1",
        "SELECT CASE WHEN a BETWEEN 1 AND 2 THEN 'x''y' ELSE X'0A' END FROM t UNION ALL SELECT 1 ORDER BY 1 DESC NULLS LAST LIMIT 5, 10",
        "INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?), (:a, $b) ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING *",
        "UPDATE \"Blogs\" AS b SET \"Name\" = @p0 || 'x' WHERE b.\"Id\" = @p1 AND NOT EXISTS (SELECT 1 FROM [t]) RETURNING 1",
        "DELETE FROM t WHERE a LIKE 'x%' ESCAPE '\\' OR b IS NOT NULL OR c IS NOT d",
        "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT -1 COLLATE NOCASE, CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (b) ON DELETE SET NULL, CHECK (a > 0)) WITHOUT ROWID",
        "CREATE UNIQUE INDEX IF NOT EXISTS ix ON t (a DESC, b); DROP INDEX IF EXISTS ix; DROP TABLE t",
        "ALTER TABLE t ADD COLUMN c VARCHAR(10, 2); ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME TO u",
        "EXPLAIN QUERY PLAN SELECT CAST(-9223372036854775808 AS DOUBLE PRECISION), 0x1F, 1.5e-3, .5 /* c */ -- d\n",
        "BEGIN IMMEDIATE TRANSACTION; COMMIT; ROLLBACK; PRAGMA foreign_keys = 1; END",
        "SELECT s.a FROM (SELECT a FROM t WHERE a ISNULL) s CROSS JOIN u, v WHERE ~a << 2 | 3 & 4 >> 1 % 2 = +1",
    ];

    private const string Alphabet = "abcXYZ019_ .,;()*+-/%|&<>=!~?@:$'\"[]`\n\t#\\{}^";

    [Fact]
    public void Random_and_mutated_inputs_only_throw_sql_exceptions()
    {
        var tokens = Seeds.Select(Tokens).ToArray();
        int parsed = 0, rejected = 0;
        // LIGHTNING_PARSER_FUZZ=n runs n inputs instead of 5,000 (for a longer local soak).
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("LIGHTNING_PARSER_FUZZ"), out int n) && n > 0 ? n : 5000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("LIGHTNING_PARSER_FUZZ_SEED"), out int s) ? s : 20240611;
        var random = new Random(seed);
        for (int i = 0; i < iterations; i++)
        {
            string sql = (i % 10) switch
            {
                0 => RandomText(random),
                1 => RandomTokenSoup(random, tokens),
                _ => Mutate(random, tokens[random.Next(tokens.Length)]),
            };
            try
            {
                SqlParser.Parse(sql);
                parsed++;
            }
            catch (LightningSqlException e)
            {
                Assert.True(e.Line >= 1 && e.Column >= 1, $"no position for: {sql}\n{e.Message}");
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name} for input:\n{sql}\n{e}");
            }
        }
        Assert.True(parsed > 50 && rejected > 50, $"parsed {parsed}, rejected {rejected}");
    }

    private static List<string> Tokens(string sql)
    {
        var result = SqlTokenizer.Instance.TryTokenize(sql);
        Assert.True(result.HasValue, sql);
        return result.Value.Select(t => t.ToStringValue()).ToList();
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        int length = random.Next(0, 40);
        for (int i = 0; i < length; i++)
            builder.Append(random.Next(20) == 0 ? (char)random.Next(0, 0xFFFF) : Alphabet[random.Next(Alphabet.Length)]);
        return builder.ToString();
    }

    private static string RandomTokenSoup(Random random, List<string>[] tokens)
    {
        var parts = new List<string>();
        int length = random.Next(1, 30);
        for (int i = 0; i < length; i++)
        {
            List<string> source = tokens[random.Next(tokens.Length)];
            parts.Add(source[random.Next(source.Count)]);
        }
        return string.Join(' ', parts);
    }

    private static string Mutate(Random random, List<string> original)
    {
        var parts = new List<string>(original);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && parts.Count > 1; m++)
        {
            int at = random.Next(parts.Count);
            switch (random.Next(6))
            {
                case 0: parts.RemoveAt(at); break;
                case 1: parts.Insert(at, parts[random.Next(parts.Count)]); break;
                case 2:
                    int other = random.Next(parts.Count);
                    (parts[at], parts[other]) = (parts[other], parts[at]);
                    break;
                case 3: parts[at] = parts[at].Insert(random.Next(parts[at].Length + 1), Alphabet[random.Next(Alphabet.Length)].ToString()); break;
                case 4: parts.RemoveRange(at, parts.Count - at); break;
                default: parts[at] = parts[at].Length > 1 ? parts[at][..random.Next(1, parts[at].Length)] : "'"; break;
            }
        }
        return string.Join(random.Next(4) == 0 ? "" : " ", parts);
    }
}
