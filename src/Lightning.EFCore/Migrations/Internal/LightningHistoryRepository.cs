using System.Collections.Concurrent;
using Lightning.Data;
using Lightning.EFCore.Storage.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lightning.EFCore.Migrations.Internal;

/// <summary>
/// The <c>__EFMigrationsHistory</c> table. Existence is read from the connection's schema (KV-SQL has no catalog
/// tables to query); the migration lock is a process-wide lock per database path, which is enough because a Lightning
/// database is open in one process at a time (the engine holds a directory lock).
/// </summary>
public class LightningHistoryRepository(HistoryRepositoryDependencies dependencies) : HistoryRepository(dependencies)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override string ExistsSql =>
        $"SELECT COUNT(*) FROM {Dependencies.SqlGenerationHelper.DelimitIdentifier(TableName)}";

    /// <inheritdoc />
    protected override bool InterpretExistsResult(object? value) => value is not null && value is not DBNull;

    /// <inheritdoc />
    public override bool Exists() => Dependencies.DatabaseCreator.Exists() && TableExists();

    /// <inheritdoc />
    public override Task<bool> ExistsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Exists());

    private bool TableExists()
    {
        foreach (string name in LightningTables.Names(Dependencies.Connection))
            if (string.Equals(name, TableName, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <inheritdoc />
    public override string GetCreateIfNotExistsScript()
    {
        string script = GetCreateScript();
        const string create = "CREATE TABLE ";
        return script.StartsWith(create, StringComparison.Ordinal) ? "CREATE TABLE IF NOT EXISTS " + script[create.Length..] : script;
    }

    /// <inheritdoc />
    public override string GetBeginIfNotExistsScript(string migrationId) => throw IdempotentScriptsUnsupported();

    /// <inheritdoc />
    public override string GetBeginIfExistsScript(string migrationId) => throw IdempotentScriptsUnsupported();

    /// <inheritdoc />
    public override string GetEndIfScript() => throw IdempotentScriptsUnsupported();

    private static NotSupportedException IdempotentScriptsUnsupported() =>
        new("Idempotent migration scripts are not supported by the Lightning provider (KV-SQL has no IF blocks): generate a script without --idempotent, or apply migrations with Database.Migrate().");

    /// <inheritdoc />
    public override LockReleaseBehavior LockReleaseBehavior => LockReleaseBehavior.Explicit;

    /// <inheritdoc />
    public override IMigrationsDatabaseLock AcquireDatabaseLock()
    {
        SemaphoreSlim gate = LockFor();
        gate.Wait();
        return new DatabaseLock(gate, this);
    }

    /// <inheritdoc />
    public override async Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default)
    {
        SemaphoreSlim gate = LockFor();
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DatabaseLock(gate, this);
    }

    private SemaphoreSlim LockFor()
    {
        string source = new LightningConnectionStringBuilder(Dependencies.Connection.ConnectionString).DataSource;
        string key = string.Equals(source, ":memory:", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString() : Path.GetFullPath(source);
        return Locks.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
    }

    private sealed class DatabaseLock(SemaphoreSlim gate, IHistoryRepository repository) : IMigrationsDatabaseLock
    {
        private int _released;

        public IHistoryRepository HistoryRepository => repository;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
