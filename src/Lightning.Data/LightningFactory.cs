using System.Data.Common;

namespace Lightning.Data;

/// <summary>Creates Lightning.Data ADO.NET objects; register with <c>DbProviderFactories.RegisterFactory("Lightning.Data", LightningFactory.Instance)</c>.</summary>
public sealed class LightningFactory : DbProviderFactory
{
    /// <summary>The singleton instance.</summary>
    public static readonly LightningFactory Instance = new();

    private LightningFactory()
    {
    }

    /// <inheritdoc />
    public override bool CanCreateBatch => true;

    /// <inheritdoc />
    public override bool CanCreateDataSourceEnumerator => false;

    /// <inheritdoc />
    public override bool CanCreateCommandBuilder => true;

    /// <inheritdoc />
    public override bool CanCreateDataAdapter => true;

    /// <inheritdoc />
    public override DbConnection CreateConnection() => new LightningConnection();

    /// <inheritdoc />
    public override DbCommand CreateCommand() => new LightningCommand();

    /// <inheritdoc />
    public override DbParameter CreateParameter() => new LightningParameter();

    /// <inheritdoc />
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new LightningConnectionStringBuilder();

    /// <inheritdoc />
    public override DbCommandBuilder CreateCommandBuilder() => new LightningCommandBuilder();

    /// <inheritdoc />
    public override DbDataAdapter CreateDataAdapter() => new LightningDataAdapter();

    /// <inheritdoc />
    public override DbBatch CreateBatch() => new LightningBatch();

    /// <inheritdoc />
    public override DbBatchCommand CreateBatchCommand() => new LightningBatchCommand();

    /// <inheritdoc />
    public override DbDataSource CreateDataSource(string connectionString) => new LightningDataSource(connectionString);
}
