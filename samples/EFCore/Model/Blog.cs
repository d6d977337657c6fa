namespace EFCoreSample.Model;

/// <summary>A blog: a unique name and its posts (one-to-many).</summary>
public sealed class Blog
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Url { get; set; }
    public List<Post> Posts { get; set; } = [];
}
