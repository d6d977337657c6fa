namespace Lightning.EFCore.Benchmarks;

/// <summary>The benchmark entity: an integer key generated on insert, a few typical columns, an index on <see cref="Category"/>.</summary>
public sealed class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int Category { get; set; }
    public double Price { get; set; }
    public DateTime AddedOn { get; set; }
}
