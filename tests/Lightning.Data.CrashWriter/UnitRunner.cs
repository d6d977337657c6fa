using System.Data.Common;
using System.Globalization;
using System.Text;
using Lightning.Kv;

namespace Lightning.Data.CrashWriter;

/// <summary>
/// Runs units through ADO.NET exactly as their descriptions say. Anything unexpected (a failing INSERT that succeeds,
/// a transaction that does not see its own writes) throws <see cref="InvalidOperationException"/>, which ends the
/// writer with a non-kill exit code that the test reports.
/// </summary>
internal sealed class UnitRunner
{
    private readonly LightningConnection _connection;
    private readonly LiveRows _rows;

    public UnitRunner(LightningConnection connection, LiveRows rows)
    {
        _connection = connection;
        _rows = rows;
    }

    /// <summary>Runs <paramref name="unit"/>; returns after its commit (or rollback, or expected failure) returned.</summary>
    public void Run(SqlCrashUnit unit)
    {
        switch (unit.Kind)
        {
            case SqlCrashUnitKind.Insert:
                Execute(InsertCommand(unit.FirstId, unit.Count, unit.Batch, null));
                break;
            case SqlCrashUnitKind.FailingInsert:
                RunFailingInsert(unit, null);
                break;
            case SqlCrashUnitKind.DeleteBatch:
                Execute(Command("DELETE FROM t WHERE batch = @old", null, ("old", unit.OldBatch)));
                break;
            case SqlCrashUnitKind.MoveBatch:
                Execute(Command($"UPDATE t SET batch = @new, payload = {SqlCrashProtocol.PayloadSql} WHERE batch = @old", null,
                    ("new", unit.Batch), ("old", unit.OldBatch), ("pad", SqlCrashProtocol.Padding)));
                break;
            default:
                RunTransaction(unit);
                break;
        }
    }

    private void RunTransaction(SqlCrashUnit unit)
    {
        using LightningTransaction transaction = _connection.BeginTransaction();
        // Statement order: half the inserts, the updates, the failing INSERT, the DELETE, the other half.
        int firstHalf = unit.Count / 2;
        if (firstHalf > 0) Execute(InsertCommand(unit.FirstId, firstHalf, unit.Batch, transaction));
        foreach (long id in unit.Updates)
        {
            Execute(Command("UPDATE t SET batch = @b, payload = @p WHERE id = @id", transaction,
                ("b", unit.Batch), ("p", SqlCrashProtocol.Payload(id, unit.Batch)), ("id", id)));
        }
        if (unit.FailRows > 0) RunFailingInsert(unit, transaction);
        if (unit.Deletes.Length > 0)
        {
            var list = new StringBuilder();
            foreach (long id in unit.Deletes) list.Append(list.Length == 0 ? "" : ", ").Append(id.ToString(CultureInfo.InvariantCulture));
            Execute(Command($"DELETE FROM t WHERE id IN ({list})", transaction));
        }
        if (unit.Count > firstHalf) Execute(InsertCommand(unit.FirstId + firstHalf, unit.Count - firstHalf, unit.Batch, transaction));

        // The transaction sees its own writes: every inserted and updated row is in the new batch (through the index).
        long expected = unit.Count;
        foreach (long id in unit.Updates) if (_rows.TryGetBatch(id, out _)) expected++;
        using (DbCommand count = Command("SELECT COUNT(*) FROM t WHERE batch = @b", transaction, ("b", unit.Batch)))
        {
            long seen = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (seen != expected) throw new InvalidOperationException($"transaction sees {seen} rows in batch {unit.Batch}, expected {expected}");
        }
        if (unit.Kind == SqlCrashUnitKind.Rollback) transaction.Rollback();
        else transaction.Commit();
    }

    /// <summary>A multi-row INSERT whose row <see cref="SqlCrashUnit.FailAt"/> repeats a payload or id: it must fail
    /// with a constraint violation (and, by statement atomicity, store none of its rows).</summary>
    private void RunFailingInsert(SqlCrashUnit unit, DbTransaction? transaction)
    {
        long first = unit.FirstId + unit.Count;
        using DbCommand insert = InsertCommand(first, unit.FailRows, unit.Batch, transaction);
        long duplicateId = unit.DuplicateOf >= 0 ? unit.DuplicateOf : first;
        string duplicatePayload = SqlCrashProtocol.Payload(duplicateId, BatchOf(unit, duplicateId));
        if (unit.FailOnId) insert.Parameters["i" + unit.FailAt.ToString(CultureInfo.InvariantCulture)].Value = duplicateId;
        else insert.Parameters["p" + unit.FailAt.ToString(CultureInfo.InvariantCulture)].Value = duplicatePayload;
        try
        {
            insert.ExecuteNonQuery();
        }
        catch (LightningSqlException error) when (error.Code == LightningErrorCode.SqlConstraintViolation)
        {
            return;
        }
        throw new InvalidOperationException($"the INSERT repeating the {(unit.FailOnId ? "id" : "payload")} of row {duplicateId} succeeded");
    }

    /// <summary>The batch row <paramref name="id"/> is in at the failing INSERT (updated earlier in the transaction, or as stored).</summary>
    private long BatchOf(SqlCrashUnit unit, long id)
    {
        if (id >= unit.FirstId) return unit.Batch; // the statement's own first row
        if (Array.IndexOf(unit.Updates, id) >= 0) return unit.Batch;
        return _rows.TryGetBatch(id, out long batch) ? batch : throw new InvalidOperationException($"row {id} is not live");
    }

    private DbCommand InsertCommand(long firstId, int count, long batch, DbTransaction? transaction)
    {
        var sql = new StringBuilder("INSERT INTO t (id, batch, payload) VALUES ");
        DbCommand command = _connection.CreateCommand();
        command.Transaction = transaction;
        for (int i = 0; i < count; i++)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ", ").Append("(@i").Append(n).Append(", @b").Append(n).Append(", @p").Append(n).Append(')');
            long id = firstId + i;
            Add(command, "i" + n, id);
            Add(command, "b" + n, batch);
            Add(command, "p" + n, SqlCrashProtocol.Payload(id, batch));
        }
        command.CommandText = sql.ToString();
        return command;
    }

    private DbCommand Command(string sql, DbTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        DbCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach ((string name, object value) in parameters) Add(command, name, value);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void Execute(DbCommand command)
    {
        using (command) command.ExecuteNonQuery();
    }
}
