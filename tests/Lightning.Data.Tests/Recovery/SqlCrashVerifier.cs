using System.Data.Common;
using System.Globalization;
using System.Text;
using Lightning.Data.CrashWriter;

namespace Lightning.Data.Tests.Recovery;

/// <summary>
/// Checks a recovered crash-test database against the model through SQL: the whole table in primary-key order, every
/// batch through index <c>t_batch</c>, every payload through the UNIQUE index, that payloads and batches removed (or
/// never committed) since the last check are in neither index, the row count, and <c>PRAGMA integrity_check</c>.
/// </summary>
internal static class SqlCrashVerifier
{
    private const string ByBatch = "SELECT id, payload FROM t WHERE batch = @b ORDER BY id";
    private const string ByPayload = "SELECT id, batch FROM t WHERE payload = @p";
    private const int ListSize = 64;
    private const int GoneProbeLimit = 512;

    /// <summary>The whole table, asserting that it comes back in ascending id order without duplicates.</summary>
    public static SortedDictionary<long, SqlCrashRow> ReadTable(LightningConnection connection, string context)
    {
        var rows = new SortedDictionary<long, SqlCrashRow>();
        using DbCommand select = connection.CreateCommand();
        select.CommandText = "SELECT id, batch, payload FROM t ORDER BY id";
        using DbDataReader reader = select.ExecuteReader();
        long previous = long.MinValue;
        while (reader.Read())
        {
            long id = reader.GetInt64(0);
            Assert.True(id > previous, $"{context}: the table scan returned id {id} after {previous}");
            previous = id;
            rows.Add(id, new SqlCrashRow(reader.GetInt64(1), reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>Everything the model says, read every way the SQL layer can read it.</summary>
    public static void Verify(LightningConnection connection, SqlCrashModel model, string context)
    {
        string difference = model.DifferenceFrom(ReadTable(connection, context));
        Assert.True(difference.Length == 0, $"{context}: the table differs from the acknowledged units: {difference}");
        Assert.Equal((long)model.Rows.Count, Scalar(connection, "SELECT COUNT(*) FROM t"));

        // The probes below must go through the indexes, or they would only repeat the table scan.
        AssertPlanUses(connection, ByBatch, "IndexRangeScan t_batch", context, "b");
        AssertPlanUses(connection, ByPayload, "IndexRangeScan", context, "p");
        AssertPlanUses(connection, ByPayloadList(3), "IndexRangeScan", context, "p0", "p1", "p2");

        // Equality probes: every batch and every payload the model holds.
        using (DbCommand byBatch = Command(connection, ByBatch, "b"))
        {
            foreach (long batch in model.CurrentBatches())
            {
                byBatch.Parameters[0].Value = batch;
                var expected = new List<(long, string)>();
                foreach ((long id, SqlCrashRow row) in model.Rows)
                    if (row.Batch == batch) expected.Add((id, row.Payload));
                var found = new List<(long, string)>();
                using (DbDataReader reader = byBatch.ExecuteReader())
                    while (reader.Read()) found.Add((reader.GetInt64(0), reader.GetString(1)));
                Assert.True(expected.SequenceEqual(found),
                    $"{context}: WHERE batch = {batch} (index t_batch) found ids [{string.Join(", ", found.Select(f => f.Item1))}], " +
                    $"expected [{string.Join(", ", expected.Select(e => e.Item1))}]");
            }
        }
        var idOfPayload = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((long id, SqlCrashRow row) in model.Rows) idOfPayload.Add(row.Payload, id);
        using (DbCommand byPayload = Command(connection, ByPayload, "p"))
        {
            foreach ((string payload, long id) in idOfPayload)
            {
                byPayload.Parameters[0].Value = payload;
                var found = new List<long>();
                using (DbDataReader reader = byPayload.ExecuteReader())
                    while (reader.Read()) found.Add(reader.GetInt64(0));
                Assert.True(found is [var only] && only == id,
                    $"{context}: WHERE payload = '{payload}' (UNIQUE index) found ids [{string.Join(", ", found)}], expected [{id}]");
            }
        }

        // What was removed, rolled back, rejected or lost since the last check must be gone from both indexes. A cycle
        // can remove thousands, and each absent lookup walks past the deletions' tombstones, so only the most recent
        // ones are probed (the in-flight unit's among them); integrity_check below counts every index's entries anyway.
        var gonePayloads = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string payload in model.RecentPayloads(GoneProbeLimit))
            if (!idOfPayload.ContainsKey(payload) && seen.Add(payload)) gonePayloads.Add(payload);
        for (int start = 0; start < gonePayloads.Count; start += ListSize)
        {
            int count = Math.Min(ListSize, gonePayloads.Count - start);
            using DbCommand command = connection.CreateCommand();
            command.CommandText = ByPayloadList(count);
            for (int i = 0; i < count; i++) AddParameter(command, "p" + i.ToString(CultureInfo.InvariantCulture), gonePayloads[start + i]);
            using DbDataReader reader = command.ExecuteReader();
            if (reader.Read()) Assert.Fail($"{context}: payload '{reader.GetString(1)}' (id {reader.GetInt64(0)}) is still in the UNIQUE index, but the model has no such row");
        }
        SortedSet<long> currentBatches = model.CurrentBatches();
        var goneBatches = new List<long>();
        foreach (long batch in model.RecentBatches)
            if (!currentBatches.Contains(batch)) goneBatches.Add(batch);
        if (goneBatches.Count > 0)
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT id, batch FROM t WHERE batch IN ({string.Join(", ", goneBatches)})";
            using DbDataReader reader = command.ExecuteReader();
            if (reader.Read()) Assert.Fail($"{context}: row {reader.GetInt64(0)} is still in batch {reader.GetInt64(1)}, which the model has emptied");
        }
        model.ForgetRecent();
        AssertIntegrity(connection, context);
    }

    private static string ByPayloadList(int count)
    {
        var sql = new StringBuilder("SELECT id, payload FROM t WHERE payload IN (");
        for (int i = 0; i < count; i++) sql.Append(i == 0 ? "@p" : ", @p").Append(i.ToString(CultureInfo.InvariantCulture));
        return sql.Append(')').ToString();
    }

    /// <summary><c>PRAGMA integrity_check</c> must return exactly one row, <c>ok</c>.</summary>
    public static void AssertIntegrity(LightningConnection connection, string context)
    {
        var result = new List<string>();
        using DbCommand pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA integrity_check";
        using (DbDataReader reader = pragma.ExecuteReader())
            while (reader.Read()) result.Add(reader.GetString(0));
        Assert.True(result is ["ok"], $"{context}: PRAGMA integrity_check returned:\n  {string.Join("\n  ", result)}");
    }

    /// <summary>Inserts a row through SQL and reads it back by id and by payload.</summary>
    public static void WriteAndReadBack(LightningConnection connection, long id, long batch, string context)
    {
        string payload = SqlCrashProtocol.Payload(id, batch);
        using (DbCommand insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO t (id, batch, payload) VALUES (@id, @b, @p)";
            AddParameter(insert, "id", id);
            AddParameter(insert, "b", batch);
            AddParameter(insert, "p", payload);
            Assert.Equal(1, insert.ExecuteNonQuery());
        }
        AssertRow(connection, id, batch, context);
    }

    /// <summary>Row <paramref name="id"/> is there with its batch and payload, by primary key and by payload.</summary>
    public static void AssertRow(LightningConnection connection, long id, long batch, string context)
    {
        string payload = SqlCrashProtocol.Payload(id, batch);
        using DbCommand byId = Command(connection, "SELECT batch, payload FROM t WHERE id = @id", "id");
        byId.Parameters[0].Value = id;
        using (DbDataReader reader = byId.ExecuteReader())
        {
            Assert.True(reader.Read(), $"{context}: row {id} written by the test is missing");
            Assert.Equal(batch, reader.GetInt64(0));
            Assert.Equal(payload, reader.GetString(1));
        }
        using DbCommand byPayload = Command(connection, ByPayload, "p");
        byPayload.Parameters[0].Value = payload;
        Assert.Equal(id, byPayload.ExecuteScalar());
    }

    private static void AssertPlanUses(LightningConnection connection, string sql, string operatorText, string context, params string[] parameters)
    {
        var plan = new List<string>();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "EXPLAIN " + sql;
        for (int i = 0; i < parameters.Length; i++) AddParameter(command, parameters[i], i + 1);
        using (DbDataReader reader = command.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(0));
        Assert.True(plan.Exists(line => line.Contains(operatorText, StringComparison.Ordinal)),
            $"{context}: '{sql}' does not use {operatorText}:\n  {string.Join("\n  ", plan)}");
    }

    private static object? Scalar(LightningConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static DbCommand Command(LightningConnection connection, string sql, string parameter)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, parameter, DBNull.Value);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
