using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Sql;

/// <summary>Dapper mapping of every common .NET type to and from KV-SQL columns, and the declared-type rules.</summary>
public sealed class DapperMappingTests
{
    public sealed class Everything
    {
        public long Id { get; set; }
        public int Count { get; set; }
        public string Name { get; set; } = "";
        public double Ratio { get; set; }
        public decimal Price { get; set; }
        public bool Active { get; set; }
        public Guid Token { get; set; }
        public DateTime Created { get; set; }
        public byte[] Data { get; set; } = [];
        public int? MaybeCount { get; set; }
        public string? MaybeName { get; set; }
        public DateTime? MaybeDate { get; set; }
        public Guid? MaybeGuid { get; set; }
        public decimal? MaybePrice { get; set; }
    }

    public sealed record Person(long Id, string Name, double? Score);

    private const string Schema = """
        CREATE TABLE everything (
          Id INTEGER PRIMARY KEY, Count INT, Name TEXT, Ratio DOUBLE, Price DECIMAL, Active BOOLEAN, Token GUID,
          Created DATETIME, Data BLOB, MaybeCount INT, MaybeName VARCHAR(20), MaybeDate DATETIME, MaybeGuid UUID, MaybePrice NUMERIC
        )
        """;

    private const string Insert = """
        INSERT INTO everything VALUES (@Id, @Count, @Name, @Ratio, @Price, @Active, @Token, @Created, @Data, @MaybeCount, @MaybeName, @MaybeDate, @MaybeGuid, @MaybePrice)
        """;

    [Fact]
    public void Poco_round_trips_every_type_and_nullables()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute(Schema);
        var full = new Everything
        {
            Id = 1, Count = -3, Name = "ann", Ratio = 0.25, Price = 1234567890.123456789m, Active = true,
            Token = Guid.NewGuid(), Created = new DateTime(2024, 2, 29, 13, 14, 15, 678, DateTimeKind.Utc), Data = [1, 2, 3],
            MaybeCount = 7, MaybeName = "x", MaybeDate = new DateTime(2000, 1, 1), MaybeGuid = Guid.Empty, MaybePrice = 0.1m,
        };
        var empty = new Everything { Id = 2, Name = "", Data = [] };
        Assert.Equal(2, c.Execute(Insert, new[] { full, empty }));

        Everything a = c.QuerySingle<Everything>("SELECT * FROM everything WHERE Id = 1");
        Assert.Equal((full.Count, full.Name, full.Ratio, full.Price, full.Active, full.Token), (a.Count, a.Name, a.Ratio, a.Price, a.Active, a.Token));
        Assert.Equal(full.Created, a.Created);
        Assert.Equal(full.Data, a.Data);
        Assert.Equal((full.MaybeCount, full.MaybeName, full.MaybeDate, full.MaybeGuid, full.MaybePrice), (a.MaybeCount, a.MaybeName, a.MaybeDate, a.MaybeGuid, a.MaybePrice));

        Everything b = c.QuerySingle<Everything>("SELECT * FROM everything WHERE Id = @id", new { id = 2 });
        Assert.Equal(("", false, Guid.Empty), (b.Name, b.Active, b.Token));
        Assert.Empty(b.Data);
        Assert.Null(b.MaybeCount);
        Assert.Null(b.MaybeName);
        Assert.Null(b.MaybeDate);
        Assert.Null(b.MaybeGuid);
        Assert.Null(b.MaybePrice);
    }

    [Fact]
    public void Records_and_tuples_map_by_constructor()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE people (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL, Score REAL)");
        c.Execute("INSERT INTO people VALUES (@Id, @Name, @Score)", new[] { new Person(1, "a", 1.5), new Person(2, "b", null) });
        Assert.Equal([new Person(1, "a", 1.5), new Person(2, "b", null)], c.Query<Person>("SELECT Id, Name, Score FROM people ORDER BY Id"));
        Assert.Equal((2L, "b"), c.QuerySingle<(long, string)>("SELECT Id, Name FROM people WHERE Name = @n", new { n = "b" }));
    }

    [Fact]
    public void Guid_datetime_and_decimal_are_stored_as_canonical_text()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE x (id INTEGER PRIMARY KEY, g GUID, d DATETIME, m DECIMAL)");
        var g = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e");
        c.Execute("INSERT INTO x VALUES (1, @g, @d, @m)", new { g, d = new DateTime(2024, 1, 2, 3, 4, 5), m = 10.50m });
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", c.ExecuteScalar<string>("SELECT CAST(g AS TEXT) FROM x"));
        Assert.StartsWith("2024-01-02", c.ExecuteScalar<string>("SELECT CAST(d AS TEXT) FROM x"));
        Assert.Equal("10.50", c.ExecuteScalar<string>("SELECT CAST(m AS TEXT) FROM x"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM x WHERE g = @g", new { g }));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM x WHERE d > @d", new { d = new DateTime(2023, 12, 31) }));
    }

    [Fact]
    public void Text_into_integer_column_is_a_type_mismatch()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE n (id INTEGER PRIMARY KEY, i INTEGER, b BOOLEAN)");
        TestSql.ThrowsSql(LightningErrorCode.SqlTypeMismatch, () => c.Execute("INSERT INTO n VALUES (1, 'abc', 0)"));
        TestSql.ThrowsSql(LightningErrorCode.SqlTypeMismatch, () => c.Execute("INSERT INTO n VALUES (1, @v, 0)", new { v = "abc" }));
        TestSql.ThrowsSql(LightningErrorCode.SqlTypeMismatch, () => c.Execute("INSERT INTO n VALUES ('abc', 1, 0)"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM n"));
    }

    [Fact]
    public void Integer_into_real_column_is_stored_as_real()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE r (id INTEGER PRIMARY KEY, x REAL, y FLOAT)");
        c.Execute("INSERT INTO r VALUES (1, 3, @y)", new { y = 4 });
        using var reader = c.ExecuteReader("SELECT x, y FROM r");
        Assert.True(reader.Read());
        Assert.Equal(3.0, Assert.IsType<double>(reader.GetValue(0)));
        Assert.Equal(4.0, Assert.IsType<double>(reader.GetValue(1)));
    }

    [Fact]
    public void Small_integer_types_map_to_int_short_byte_bool_properties()
    {
        using var db = new TestDatabase();
        using LightningConnection c = db.OpenConnection();
        c.Execute("CREATE TABLE s (id BIGINT PRIMARY KEY, a INT, b SMALLINT, t TINYINT, f BOOLEAN)");
        c.Execute("INSERT INTO s VALUES (@id, @a, @b, @t, @f)", new { id = 1L, a = 100000, b = (short)-2, t = (byte)200, f = true });
        var row = c.QuerySingle<(long Id, int A, short B, byte T, bool F)>("SELECT id, a, b, t, f FROM s");
        Assert.Equal((1L, 100000, (short)-2, (byte)200, true), row);
    }
}
