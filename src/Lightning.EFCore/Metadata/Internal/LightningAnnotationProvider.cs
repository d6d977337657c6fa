using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Lightning.EFCore.Metadata.Internal;

/// <summary>Marks the single integer key column generated on add, so migrations declare it AUTOINCREMENT (ids are never reused).</summary>
public class LightningAnnotationProvider(RelationalAnnotationProviderDependencies dependencies) : RelationalAnnotationProvider(dependencies)
{
    /// <inheritdoc />
    public override IEnumerable<IAnnotation> For(IColumn column, bool designTime)
    {
        foreach (IAnnotation annotation in base.For(column, designTime)) yield return annotation;
        if (column.Table.PrimaryKey is not { Columns.Count: 1 } key || key.Columns[0] != column) yield break;
        if (column.DefaultValueSql is not null || column.ComputedColumnSql is not null) yield break;
        // Only the column's own facts and its mappings' type mappings: property-level relational lookups would ask for
        // the relational model, which is what is being built when this runs.
        foreach (IColumnMapping mapping in column.PropertyMappings)
        {
            IProperty property = mapping.Property;
            Type type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            bool integer = type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
                || type == typeof(uint) || type == typeof(ushort) || type == typeof(sbyte);
            if (integer && property.ValueGenerated == ValueGenerated.OnAdd && mapping.TypeMapping.Converter is null)
            {
                yield return new Annotation(LightningAnnotationNames.Autoincrement, true);
                yield break;
            }
        }
    }
}
