using System.Data.Common;
using Lightning.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Storage.Internal;

/// <summary>The context's connection: a <see cref="LightningConnection"/> created from the configured connection string.</summary>
public class LightningRelationalConnection(RelationalConnectionDependencies dependencies) : RelationalConnection(dependencies)
{
    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => new LightningConnection(GetValidatedConnectionString());
}
