using Microsoft.EntityFrameworkCore.Query;

namespace Lightning.EFCore.Query.Internal;

/// <summary>The relational translators plus Lightning's string, math, date/time and ToString translators.</summary>
public class LightningMethodCallTranslatorProvider : RelationalMethodCallTranslatorProvider
{
    /// <summary>Creates the provider.</summary>
    public LightningMethodCallTranslatorProvider(RelationalMethodCallTranslatorProviderDependencies dependencies) : base(dependencies)
    {
        ISqlExpressionFactory sql = dependencies.SqlExpressionFactory;
        AddTranslators(
        [
            new LightningStringMethodTranslator(sql),
            new LightningMathMethodTranslator(sql),
            new LightningDateTimeMethodTranslator(sql),
            new LightningObjectToStringTranslator(sql),
        ]);
    }
}
