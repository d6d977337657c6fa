namespace Lightning.EFCore.Metadata.Internal;

/// <summary>Annotation names the provider puts on the relational model for migrations.</summary>
public static class LightningAnnotationNames
{
    /// <summary>On a column: the table's single integer key, generated on add → <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>.</summary>
    public const string Autoincrement = "Lightning:Autoincrement";
}
