using Microsoft.EntityFrameworkCore.Update;

namespace Lightning.EFCore.Update.Internal;

/// <summary>
/// INSERT/UPDATE/DELETE for SaveChanges. EF Core's generator already writes KV-SQL: generated values come back through
/// <c>RETURNING</c>, and concurrency checks use <c>RETURNING 1</c> so a missing row is seen as zero rows.
/// </summary>
public class LightningUpdateSqlGenerator(UpdateSqlGeneratorDependencies dependencies) : UpdateSqlGenerator(dependencies);
