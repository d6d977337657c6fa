using Lightning.Data.Catalog;
using Lightning.Data.Execution;
using Lightning.Data.Execution.Dml;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Engine;

internal sealed partial class SqlSession
{
    private static readonly ResultColumn[] ExplainColumns = [new ResultColumn("detail") { StorageType = SqlType.Text, IsExpression = true }];

    /// <summary>EXPLAIN: one row per operator of the plan, children indented under their parent.</summary>
    private StatementResult Explain(Statement inner, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        using KvTransaction transaction = database.Store.BeginTransaction();
        PlanningContext planning = NewPlanning(new StatementStorage(_transaction ?? transaction), parameters, timeoutSeconds, cancellationToken);
        var lines = new List<string>();
        switch (inner)
        {
            case SelectStatement select:
                new SelectPlanner(planning).Plan(select, null).Root.Explain(lines, 0);
                break;
            case UpdateStatement update:
                UpdateDeleteExecutor.Explain(planning, "Update", update.Table, update.Alias, update.Where, update, lines);
                break;
            case DeleteStatement delete:
                UpdateDeleteExecutor.Explain(planning, "Delete", delete.Table, delete.Alias, delete.Where, delete, lines);
                break;
            case InsertStatement insert:
                lines.Add($"Insert {insert.Table}");
                if (insert.Select is not null) new SelectPlanner(planning).Plan(insert.Select, null).Root.Explain(lines, 1);
                break;
            default:
                lines.Add(inner.GetType().Name.Replace("Statement", "", StringComparison.Ordinal));
                break;
        }
        return new BufferedResult(ExplainColumns, lines.ConvertAll(l => new[] { SqlValue.FromText(l) }), -1);
    }

    /// <summary>PRAGMA integrity_check (engine pages and checksums, then every table's rows and index entries), PRAGMA table_info(t) and PRAGMA foreign_key_list(t).</summary>
    private StatementResult RunPragma(PragmaStatement pragma, ParameterValues parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        switch (pragma.Name)
        {
            case "integrity_check" or "quick_check":
            {
                var problems = new List<string>();
                VerifyResult verify = database.Store.Verify();
                problems.AddRange(verify.Problems);
                using KvTransaction transaction = database.Store.BeginTransaction();
                PlanningContext planning = NewPlanning(new StatementStorage(_transaction ?? transaction), parameters, timeoutSeconds, cancellationToken);
                foreach (TableSchema table in Catalog.UserTables) CheckTable(planning, table, problems);
                if (problems.Count == 0) problems.Add("ok");
                return new BufferedResult([new ResultColumn("integrity_check") { StorageType = SqlType.Text, IsExpression = true }],
                    problems.ConvertAll(p => new[] { SqlValue.FromText(p) }), -1);
            }
            case "table_info":
            {
                string name = pragma.Value switch
                {
                    LiteralExpression { Value.Type: SqlType.Text } l => l.Value.Text,
                    ColumnExpression c => c.Column,
                    _ => throw new LightningSqlException(LightningErrorCode.SqlSyntax, "PRAGMA table_info needs a table name.", pragma.SourceLine, pragma.SourceColumn),
                };
                TableSchema table = Catalog.FindTable(name) ?? throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"No such table: {name}.", pragma.SourceLine, pragma.SourceColumn);
                var rows = new List<SqlValue[]>();
                for (int i = 0; i < table.Columns.Length; i++)
                {
                    ColumnSchema c = table.Columns[i];
                    int pk = Array.FindIndex(table.KeyColumns, k => string.Equals(k, c.Name, StringComparison.OrdinalIgnoreCase)) + 1;
                    rows.Add([SqlValue.FromInteger(i), SqlValue.FromText(c.Name), SqlValue.FromText(c.DeclaredType ?? ""), SqlValue.FromBoolean(c.NotNull),
                        SqlValue.FromText(c.DefaultSql), SqlValue.FromInteger(pk)]);
                }
                ResultColumn[] columns =
                [
                    new("cid") { StorageType = SqlType.Integer }, new("name") { StorageType = SqlType.Text }, new("type") { StorageType = SqlType.Text },
                    new("notnull") { StorageType = SqlType.Integer }, new("dflt_value") { StorageType = SqlType.Text }, new("pk") { StorageType = SqlType.Integer },
                ];
                return new BufferedResult(columns, rows, -1);
            }
            case "foreign_key_list":
                return ForeignKeyListPragma.Run(Catalog, pragma);
            default:
                throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"Unknown PRAGMA {pragma.Name}: KV-SQL supports integrity_check, quick_check, table_info and foreign_key_list.", pragma.SourceLine, pragma.SourceColumn);
        }
    }

    private static void CheckTable(PlanningContext planning, TableSchema table, List<string> problems)
    {
        TableLayout layout = planning.Layout(table, 0);
        var row = new SqlValue[table.Columns.Length];
        long rows = 0;
        var entries = new long[table.Indexes.Length];
        StatementStorage storage = planning.Execution.Storage;
        foreach (KeyValuePair<byte[], byte[]> entry in storage.Scan(layout.Prefix, layout.PrefixEnd, false))
        {
            rows++;
            try
            {
                layout.Decode(entry.Key, entry.Value, row);
            }
            catch (InvalidDataException e)
            {
                problems.Add($"table {table.Name}: row {Convert.ToHexString(entry.Key)} is malformed ({e.Message})");
                continue;
            }
            for (int i = 0; i < table.Indexes.Length; i++)
            {
                (byte[] key, byte[] value) = IndexKeys.Entry(table.Indexes[i], table, row, entry.Key);
                byte[]? stored = storage.Get(key);
                if (stored is null || !stored.AsSpan().SequenceEqual(value))
                    problems.Add($"index {table.Indexes[i].Name}: missing or wrong entry for row {Convert.ToHexString(entry.Key)}");
            }
        }
        for (int i = 0; i < table.Indexes.Length; i++)
        {
            byte[] prefix = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix, table.Indexes[i].Id);
            foreach (KeyValuePair<byte[], byte[]> _ in storage.Scan(prefix, KeyEncoder.PrefixEnd(prefix), false)) entries[i]++;
            if (entries[i] != rows) problems.Add($"index {table.Indexes[i].Name}: {entries[i]} entries for {rows} rows in {table.Name}");
        }
    }
}
