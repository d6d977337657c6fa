namespace EFCoreSample.Model;

/// <summary>A tag, shared by any number of posts.</summary>
public sealed class Tag
{
    public int Id { get; set; }
    public string Label { get; set; } = "";
    public List<Post> Posts { get; set; } = [];
}
