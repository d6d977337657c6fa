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
            case RollbackStatement:
                if (_transaction is null) throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, "Cannot roll back: no transaction is active.", statement.SourceLine, statement.SourceColumn);
                Rollback();
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
        KvTransaction? owned = _transaction is null ? database.Store.BeginTransaction() : null;
        try
        {
            var storage = new StatementStorage(_transaction ?? owned!);
            PlanningContext planning = NewPlanning(storage, parameters, timeoutSeconds, cancellationToken);
            PlannedQuery plan = new SelectPlanner(planning).Plan(select, null);
            return new SelectResult(plan, owned);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    private PlanningContext NewPlanning(StatementStorage storage, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var context = new StatementContext(this, parameters, storage, timeoutSeconds, cancellationToken);
        SchemaCatalog catalog = Catalog;
        return new PlanningContext(catalog, context, (table, baseSlot) => database.Layout(table, baseSlot, catalog.Version));
    }

    /// <summary>INSERT/UPDATE/DELETE/DDL: buffered per statement, applied only when the statement completes.</summary>
    private StatementResult RunWrite(Statement statement, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            var storage = new StatementStorage(_transaction);
            Dictionary<uint, long> savedIds = new(_nextRowIds);
            long savedRowId = LastInsertRowId;
            try
            {
                (BufferedResult result, SchemaCatalog? catalog) = Write(statement, storage, parameters, timeoutSeconds, cancellationToken);
                storage.Apply();
                if (catalog is not null) _pendingCatalog = catalog;
                LastChanges = Math.Max(0, result.RecordsAffected);
                return result;
            }
            catch
            {
                RestoreIds(savedIds);
                LastInsertRowId = savedRowId;
                throw;
            }
        }
        for (int attempt = 1; ; attempt++)
        {
            using KvTransaction transaction = database.Store.BeginTransaction();
            var storage = new StatementStorage(transaction);
            long savedRowId = LastInsertRowId;
            try
            {
                (BufferedResult result, SchemaCatalog? catalog) = Write(statement, storage, parameters, timeoutSeconds, cancellationToken);
                storage.Apply();
                transaction.Commit();
                if (catalog is not null) database.Publish(catalog);
                LastChanges = Math.Max(0, result.RecordsAffected);
                return result;
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

    private void RestoreIds(Dictionary<uint, long> saved)
    {
        _nextRowIds.Clear();
        foreach (KeyValuePair<uint, long> pair in saved) _nextRowIds[pair.Key] = pair.Value;
    }

    private (BufferedResult, SchemaCatalog?) Write(Statement statement, StatementStorage storage, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        PlanningContext planning = NewPlanning(storage, parameters, timeoutSeconds, cancellationToken);
        try
        {
            switch (statement)
            {
                case InsertStatement insert:
                    return (new InsertExecutor(planning).Execute(insert), null);
                case UpdateStatement update:
                    return (new UpdateDeleteExecutor(planning).Update(update), null);
                case DeleteStatement delete:
                    return (new UpdateDeleteExecutor(planning).Delete(delete), null);
                default:
                    SchemaCatalog? catalog = new DdlExecutor(planning).Execute(statement);
                    return (BufferedResult.Empty(), catalog);
            }
        }
        catch (InvalidDataException e)
        {
            throw new LightningCorruptionException(DatabasePath, 0, "a stored row or key is malformed: " + e.Message);
        }
    }
}
