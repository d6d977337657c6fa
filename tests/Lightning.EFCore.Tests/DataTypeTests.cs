using Lightning.EFCore.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Lightning.EFCore.Tests;

public enum Color { Red, Green, Blue }

/// <summary>One property of every CLR type EF users map, nullable forms included.</summary>
public sealed class AllTypes
{
    public int Id { get; set; }
    public bool Bool { get; set; }
    public byte Byte { get; set; }
    public sbyte SByte { get; set; }
    public short Short { get; set; }
    public ushort UShort { get; set; }
    public int Int { get; set; }
    public uint UInt { get; set; }
    public long Long { get; set; }
    public float Float { get; set; }
    public double Double { get; set; }
    public decimal Decimal { get; set; }
    public string String { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
    public Guid Guid { get; set; }
    public DateTime DateTime { get; set; }
    public DateTimeOffset DateTimeOffset { get; set; }
    public DateOnly DateOnly { get; set; }
    public TimeOnly TimeOnly { get; set; }
    public TimeSpan TimeSpan { get; set; }
    public char Char { get; set; }
    public Color Color { get; set; }
    public int? NullableInt { get; set; }
    public Guid? NullableGuid { get; set; }
    public DateTime? NullableDateTime { get; set; }
    public Color? NullableColor { get; set; }
}

public sealed class TypesContext(string connectionString) : DbContext
{
    public DbSet<AllTypes> Rows => Set<AllTypes>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseLightning(connectionString);
}

/// <summary>Every mapped type round-trips exactly and compares correctly in queries (parameters and literals alike).</summary>
public sealed class DataTypeTests
{
    private static AllTypes Sample(int seed) => new()
    {
        Bool = seed % 2 == 0,
        Byte = (byte)(200 + seed),
        SByte = (sbyte)(-100 + seed),
        Short = (short)(-30000 + seed),
        UShort = (ushort)(60000 + seed),
        Int = int.MinValue + seed,
        UInt = uint.MaxValue - (uint)seed,
        Long = long.MaxValue - seed,
        Float = 1.25f + seed,
        Double = Math.PI * seed,
        Decimal = 12345678901234567890.123456789m + seed,
        String = "héllo 🌍 " + seed,
        Bytes = [0, 1, 255, (byte)seed],
        Guid = new Guid(seed, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        DateTime = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Unspecified).AddTicks(1234567 + seed),
        DateTimeOffset = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddMinutes(seed),
        DateOnly = new DateOnly(1999, 12, 31).AddDays(seed),
        TimeOnly = new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(-seed)),
        TimeSpan = TimeSpan.FromHours(5.5 + seed),
        Char = (char)('a' + seed),
        Color = (Color)(seed % 3),
        NullableInt = seed % 2 == 0 ? null : seed,
        NullableGuid = seed % 2 == 0 ? null : Guid.Empty,
        NullableDateTime = seed % 2 == 0 ? null : new DateTime(2000, 1, 1),
        NullableColor = seed % 2 == 0 ? null : Color.Blue,
    };

    [Fact]
    public void Every_type_round_trips()
    {
        using var db = new TestDatabase();
        using (var context = new TypesContext(db.ConnectionString))
        {
            context.Database.EnsureCreated();
            context.Rows.AddRange(Sample(1), Sample(2));
            context.SaveChanges();
        }
        using (var context = new TypesContext(db.ConnectionString))
        {
            List<AllTypes> rows = context.Rows.OrderBy(r => r.Id).ToList();
            for (int i = 0; i < rows.Count; i++)
            {
                AllTypes expected = Sample(i + 1), actual = rows[i];
                foreach (var property in typeof(AllTypes).GetProperties())
                {
                    if (property.Name == nameof(AllTypes.Id)) continue;
                    object? e = property.GetValue(expected), a = property.GetValue(actual);
                    if (e is byte[] eb) Assert.Equal(eb, (byte[])a!);
                    else Assert.True(Equals(e, a), $"{property.Name}: expected {e}, got {a}");
                }
            }
        }
    }

    [Fact]
    public void Values_compare_the_same_as_parameters_and_as_literals()
    {
        using var db = new TestDatabase();
        using var context = new TypesContext(db.ConnectionString);
        context.Database.EnsureCreated();
        context.Rows.AddRange(Sample(1), Sample(2), Sample(3));
        context.SaveChanges();
        AllTypes two = Sample(2);
        Assert.Equal(1, context.Rows.Count(r => r.Guid == two.Guid));
        Assert.Equal(1, context.Rows.Count(r => r.Guid == new Guid(2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)));
        Assert.Equal(1, context.Rows.Count(r => r.DateTime == two.DateTime));
        Assert.Equal(2, context.Rows.Count(r => r.DateTime > new DateTime(2024, 2, 29, 23, 59, 58).AddTicks(1234567 + 1)));
        Assert.Equal(1, context.Rows.Count(r => r.DateOnly == new DateOnly(2000, 1, 2)));
        Assert.Equal(1, context.Rows.Count(r => r.Decimal == two.Decimal));
        Assert.Equal(1, context.Rows.Count(r => r.Color == Color.Green && r.NullableColor == Color.Blue));
        Assert.Equal(1, context.Rows.Count(r => r.NullableInt == null));
        Assert.Equal(2, context.Rows.Count(r => r.Bool == false));
        Assert.Equal(1, context.Rows.Count(r => r.Char == 'b'));
        Assert.Equal(1, context.Rows.Count(r => r.Long == long.MaxValue - 3));
        Assert.Equal([3, 2, 1], context.Rows.OrderByDescending(r => r.DateTime).Select(r => r.Id).ToArray());
        Assert.Equal(1, context.Rows.Count(r => r.Float == 3.25f));
    }
}
