using Microsoft.EntityFrameworkCore.Query;

namespace Lightning.EFCore.Query.Internal;

/// <summary>Creates <see cref="LightningQuerySqlGenerator"/>s.</summary>
public class LightningQuerySqlGeneratorFactory(QuerySqlGeneratorDependencies dependencies) : IQuerySqlGeneratorFactory
{
    /// <inheritdoc />
    public QuerySqlGenerator Create() => new LightningQuerySqlGenerator(dependencies);
}
