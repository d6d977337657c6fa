using Lightning.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Storage.Internal;

/// <summary>
/// EnsureCreated/EnsureDeleted/CanConnect for a Lightning database: the database is a directory, created by the first
/// read-write open and deleted as a whole. Tables come from the model through the migrations SQL generator.
/// </summary>
public class LightningDatabaseCreator(RelationalDatabaseCreatorDependencies dependencies) : RelationalDatabaseCreator(dependencies)
{
    private string DataSource => new LightningConnectionStringBuilder(Dependencies.Connection.ConnectionString).DataSource;

    private bool IsMemory => string.Equals(DataSource, ":memory:", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Exists() => IsMemory || (Directory.Exists(DataSource) && Directory.EnumerateFileSystemEntries(DataSource).Any());

    /// <inheritdoc />
    public override bool HasTables() => LightningTables.Names(Dependencies.Connection).Count > 0;

    /// <inheritdoc />
    public override void Create()
    {
        // Opening read-write creates the database directory and its files.
        Dependencies.Connection.Open();
        Dependencies.Connection.Close();
    }

    /// <inheritdoc />
    public override void Delete()
    {
        if (IsMemory) return;
        // Every connection of this context must release the engine before its files can go.
        Dependencies.Connection.Close();
        string path = Path.GetFullPath(DataSource);
        if (!Directory.Exists(path)) return;
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Lightning.Kv.LightningException(Lightning.Kv.LightningErrorCode.DatabaseLocked,
                $"The database '{path}' could not be deleted: it is still open (close every connection to it first). {e.Message}", e);
        }
    }
}
