namespace EFCoreSample.Model;

/// <summary>A post of one blog, with tags (many-to-many through a join table EF Core manages).</summary>
public sealed class Post
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string? Content { get; set; }
    public DateTime PublishedOn { get; set; }
    public int Likes { get; set; }
    public int BlogId { get; set; }
    public Blog Blog { get; set; } = null!;
    public List<Tag> Tags { get; set; } = [];
}
