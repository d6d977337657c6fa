using BenchmarkDotNet.Attributes;
using Lightning.Data.Sql.Parsing;

namespace Lightning.Data.Benchmarks;

/// <summary>KV-SQL tokenize + parse of typical statements (what the per-database statement cache saves on a hit).</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private const string Point = "SELECT id, name, price, stock FROM items WHERE id = @id";
    private const string Join = "SELECT u.name, SUM(o.amount) AS total FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.created >= @since GROUP BY u.name HAVING total > 10 ORDER BY total DESC LIMIT 20";

    [Benchmark(Description = "parse point select")]
    public int ParsePoint() => SqlParser.Parse(Point).Count;

    [Benchmark(Description = "parse join + aggregate")]
    public int ParseJoin() => SqlParser.Parse(Join).Count;
}
