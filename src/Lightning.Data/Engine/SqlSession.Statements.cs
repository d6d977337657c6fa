using Lightning.Data.Catalog;
using Lightning.Data.Execution;
using Lightning.Data.Execution.Dml;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Engine;

internal sealed partial class SqlSession
{
    private StatementResult ExecuteStatement(Statement statement, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        switch (statement)
        {
            case BeginStatement:
                if (_transaction is not null) throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, "Cannot start a transaction within a transaction.", statement.SourceLine, statement.SourceColumn);
                Begin();
                return BufferedResult.Empty();
            case CommitStatement:
                if (_transaction is null) throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, "Cannot commit: no transaction is active.", statement.SourceLine, statement.SourceColumn);
                Commit();
                return BufferedResult.Empty();
            case RollbackStatement rollback:
                if (_transaction is null) throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, "Cannot roll back: no transaction is active.", statement.SourceLine, statement.SourceColumn);
                if (rollback.Savepoint is { } savepoint) RollbackTo(savepoint);
                else Rollback();
                return BufferedResult.Empty();
            case SavepointStatement save:
                Savepoint(save.Name);
                return BufferedResult.Empty();
            case ReleaseStatement release:
                if (_transaction is null) throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, $"No such savepoint: {release.Name} (no transaction is active).", statement.SourceLine, statement.SourceColumn);
                Release(release.Name);
                return BufferedResult.Empty();
            case SelectStatement select:
                return RunSelect(select, parameters, timeoutSeconds, cancellationToken);
            case ExplainStatement explain:
                return Explain(explain.Inner, parameters, timeoutSeconds, cancellationToken);
            case PragmaStatement pragma:
                return RunPragma(pragma, parameters, timeoutSeconds, cancellationToken);
            default:
                if (readOnly) throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, "The connection is read-only (Mode=ReadOnly): statements that write are not allowed.", statement.SourceLine, statement.SourceColumn);
                return RunWrite(statement, parameters, timeoutSeconds, cancellationToken);
        }
    }

    private StatementResult RunSelect(SelectStatement select, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        KvTransaction? owned = _transaction is null ? RentReadTransaction() : null;
        try
        {
            PreparedSelect prepared = Prepared(select, _transaction ?? owned!, parameters, timeoutSeconds, cancellationToken,
                static (planning, statement) => new PreparedSelect(planning.Catalog, planning.Execution, new SelectPlanner(planning).Plan((SelectStatement)statement, null)));
            return prepared.Start(owned);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A read transaction for an autocommit SELECT: the session's spare one restarted on a fresh snapshot, or a new one
    /// while the spare is in use (several open readers), so a cached query allocates no transaction object.
    /// </summary>
    private KvTransaction RentReadTransaction()
    {
        KvTransaction? spare = _spareReadTransaction;
        if (spare is null) return database.Store.BeginTransaction();
        _spareReadTransaction = null;
        spare.Restart();
        return spare;
    }

    /// <summary>Takes back a finished (disposed) read transaction as the spare.</summary>
    internal void ReturnReadTransaction(KvTransaction transaction) => _spareReadTransaction ??= transaction;

    /// <summary>
    /// The plan of a cached statement for this execution: an idle one bound to the current catalog, reset for these
    /// parameters and this transaction, or a new one. A session with uncommitted DDL plans afresh and caches nothing.
    /// </summary>
    private T Prepared<T>(Statement statement, KvTransaction transaction, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken,
        Func<PlanningContext, Statement, T> plan) where T : PreparedStatement
    {
        SchemaCatalog catalog = Catalog;
        PlanPool? pool = _pendingCatalog is null ? database.PlansOf(statement) : null;
        if (pool?.Rent(catalog) is T cached)
        {
            cached.Context.Reset(this, parameters, transaction, timeoutSeconds, cancellationToken);
            return cached;
        }
        T prepared = plan(NewPlanning(catalog, new StatementStorage(transaction), parameters, timeoutSeconds, cancellationToken), statement);
        prepared.Pool = pool;
        return prepared;
    }

    private PlanningContext NewPlanning(StatementStorage storage, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken) =>
        NewPlanning(Catalog, storage, parameters, timeoutSeconds, cancellationToken);

    private PlanningContext NewPlanning(SchemaCatalog catalog, StatementStorage storage, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var context = new StatementContext(this, parameters, storage, timeoutSeconds, cancellationToken);
        return new PlanningContext(catalog, context, (table, baseSlot) => database.Layout(table, baseSlot, catalog.Version));
    }

    /// <summary>INSERT/UPDATE/DELETE/DDL: buffered per statement, applied only when the statement completes.</summary>
    private StatementResult RunWrite(Statement statement, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            SaveRowIds();
            long savedRowId = LastInsertRowId;
            try
            {
                WriteOutcome outcome = Write(statement, _transaction, parameters, timeoutSeconds, cancellationToken);
                outcome.Storage.Apply();
                outcome.Plan?.Release();
                if (outcome.Catalog is not null) _pendingCatalog = outcome.Catalog;
                LastChanges = Math.Max(0, outcome.Result.RecordsAffected);
                return outcome.Result;
            }
            catch
            {
                RestoreRowIds();
                LastInsertRowId = savedRowId;
                throw;
            }
        }
        for (int attempt = 1; ; attempt++)
        {
            using KvTransaction transaction = database.Store.BeginTransaction();
            long savedRowId = LastInsertRowId;
            try
            {
                WriteOutcome outcome = Write(statement, transaction, parameters, timeoutSeconds, cancellationToken);
                outcome.Storage.Apply();
                outcome.Plan?.Release();
                transaction.Commit();
                if (outcome.Catalog is not null) database.Publish(outcome.Catalog);
                LastChanges = Math.Max(0, outcome.Result.RecordsAffected);
                return outcome.Result;
            }
            catch (LightningConflictException) when (attempt < AutocommitRetries)
            {
                // Another connection committed a write to the same row first: nothing of ours was stored; run again.
                LastInsertRowId = savedRowId;
                Thread.Sleep(Math.Min(attempt, 10));
            }
            catch
            {
                LastInsertRowId = savedRowId;
                throw;
            }
            finally
            {
                _nextRowIds.Clear();
            }
        }
    }

    /// <summary>Remembers the next-id counters before a statement inside a transaction, for <see cref="RestoreRowIds"/>.</summary>
    private void SaveRowIds()
    {
        _savedRowIds.Clear();
        foreach (KeyValuePair<uint, long> pair in _nextRowIds) _savedRowIds[pair.Key] = pair.Value;
    }

    private void RestoreRowIds()
    {
        ForgetKeyCeilings(); // the failed statement's deletes are undone too
        _nextRowIds.Clear();
        foreach (KeyValuePair<uint, long> pair in _savedRowIds) _nextRowIds[pair.Key] = pair.Value;
    }

    /// <summary>What a write statement produced: its result, its buffered writes, the plan to release once they are
    /// applied (a plan whose statement failed is dropped, never reused; null when the result releases it) and, for DDL,
    /// the new catalog.</summary>
    private readonly record struct WriteOutcome(StatementResult Result, StatementStorage Storage, PreparedStatement? Plan, SchemaCatalog? Catalog);

    private WriteOutcome Write(Statement statement, KvTransaction transaction, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        try
        {
            switch (statement)
            {
                case InsertStatement:
                {
                    InsertExecutor insert = Prepared(statement, transaction, parameters, timeoutSeconds, cancellationToken,
                        static (planning, s) => new InsertExecutor(planning, (InsertStatement)s));
                    StatementResult result = insert.Execute();
                    // A RETURNING result releases the plan itself once its rows are read (they live in the plan).
                    return new WriteOutcome(result, insert.Context.Storage, result is ReturningResult ? null : insert, null);
                }
                case UpdateStatement:
                {
                    UpdateDeleteExecutor update = Prepared(statement, transaction, parameters, timeoutSeconds, cancellationToken,
                        static (planning, s) => new UpdateDeleteExecutor(planning, (UpdateStatement)s));
                    return new WriteOutcome(update.Execute(), update.Context.Storage, update, null);
                }
                case DeleteStatement:
                {
                    UpdateDeleteExecutor delete = Prepared(statement, transaction, parameters, timeoutSeconds, cancellationToken,
                        static (planning, s) => new UpdateDeleteExecutor(planning, (DeleteStatement)s));
                    return new WriteOutcome(delete.Execute(), delete.Context.Storage, delete, null);
                }
                default:
                    ForgetKeyCeilings();
                    var storage = new StatementStorage(transaction);
                    SchemaCatalog? catalog = new DdlExecutor(NewPlanning(storage, parameters, timeoutSeconds, cancellationToken)).Execute(statement);
                    return new WriteOutcome(BufferedResult.Empty(), storage, null, catalog);
            }
        }
        catch (InvalidDataException e)
        {
            throw new LightningCorruptionException(DatabasePath, 0, "a stored row or key is malformed: " + e.Message);
        }
    }
}
