using System.Data.Common;
using Dapper;
using Lightning.Data.Tests.TestSupport;
using Lightning.Kv;

namespace Lightning.Data.Tests.Execution;

/// <summary>
/// <c>INSERT … RETURNING</c> through a data reader, EF Core's per-entity insert: the cached plan keeps one result and its
/// row buffers for all executions, and goes back to the plan cache only when the reader is done, so a reader still open
/// never sees another execution's rows.
/// </summary>
public sealed class ReturningResultTests
{
    private const string Insert = "INSERT INTO p (name, cat) VALUES (@name, @cat) RETURNING id, name";

    private static LightningConnection Open(TestDatabase db)
    {
        LightningConnection c = db.OpenConnection();
        c.Exec("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, cat INTEGER)");
        return c;
    }

    private static DbCommand Command(LightningConnection c, string name, DbTransaction? transaction = null, string sql = Insert)
    {
        DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        DbParameter p = command.CreateParameter();
        p.ParameterName = "@name";
        p.Value = name;
        command.Parameters.Add(p);
        DbParameter cat = command.CreateParameter();
        cat.ParameterName = "@cat";
        cat.Value = 1;
        command.Parameters.Add(cat);
        return command;
    }

    [Fact]
    public void Each_execution_returns_its_own_row()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        using DbTransaction transaction = c.BeginTransaction();
        for (int i = 1; i <= 50; i++)
        {
            // A new command per row, read and closed the way EF Core's update pipeline does.
            using DbCommand command = Command(c, "n" + i, transaction);
            using DbDataReader reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(i, reader.GetInt64(0));
            Assert.Equal("n" + i, reader.GetString(1));
            Assert.False(reader.Read());
            Assert.False(reader.NextResult());
            reader.Close();
            Assert.Equal(1, reader.RecordsAffected);
        }
        transaction.Commit();
        Assert.Equal(50, c.ExecuteScalar<long>("SELECT count(*) FROM p"));
    }

    [Fact]
    public void A_reader_still_open_keeps_its_rows_while_the_same_insert_runs_again()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        using DbCommand first = Command(c, "a");
        using DbDataReader firstReader = first.ExecuteReader();
        using (DbCommand second = Command(c, "b"))
        using (DbDataReader secondReader = second.ExecuteReader())
        {
            Assert.True(secondReader.Read());
            Assert.Equal((2L, "b"), (secondReader.GetInt64(0), secondReader.GetString(1)));
        }
        using (DbCommand third = Command(c, "c"))
            Assert.Equal(3L, third.ExecuteScalar());
        Assert.True(firstReader.Read());
        Assert.Equal((1L, "a"), (firstReader.GetInt64(0), firstReader.GetString(1)));
        Assert.False(firstReader.Read());
    }

    [Fact]
    public void Row_counts_change_between_executions_of_one_plan()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        const string many = "INSERT INTO p (name, cat) SELECT name || @name, cat FROM src RETURNING id, name";
        c.Exec("CREATE TABLE src (name TEXT, cat INTEGER)");
        c.Execute("INSERT INTO src VALUES (@name, 1)", Enumerable.Range(0, 40).Select(i => new { name = "s" + i }));
        Assert.Equal(40, Read(c, many, "-x").Count);
        c.Exec("DELETE FROM src WHERE name <> 's7'");
        Assert.Equal([(41L, "s7-y")], Read(c, many, "-y"));
        c.Exec("DELETE FROM src");
        Assert.Empty(Read(c, many, "-z"));
        Assert.Equal([(41L, "s7-y2")], Read(c, "UPDATE p SET name = name || '2' WHERE id = 41 RETURNING id, name", ""));
        Assert.Equal([(42L, "t")], Read(c, Insert, "t"));

        static List<(long, string)> Read(LightningConnection c, string sql, string name)
        {
            using DbCommand command = Command(c, name, sql: sql);
            using DbDataReader reader = command.ExecuteReader();
            var rows = new List<(long, string)>();
            while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1)));
            return rows;
        }
    }

    [Fact]
    public void A_failed_insert_does_not_disturb_the_next_one()
    {
        using var db = new TestDatabase();
        using LightningConnection c = Open(db);
        using (DbCommand command = Command(c, "a")) Assert.Equal(1L, command.ExecuteScalar());
        using (DbCommand duplicate = Command(c, "a"))
        {
            var error = Assert.Throws<LightningSqlException>(() => duplicate.ExecuteReader());
            Assert.Equal(LightningErrorCode.SqlConstraintViolation, error.Code);
        }
        // ExecuteNonQuery reads nothing but still hands the plan back; a reader left open just keeps its own plan.
        using (DbCommand command = Command(c, "b")) Assert.Equal(1, command.ExecuteNonQuery());
        DbCommand abandoned = Command(c, "c");
        DbDataReader open = abandoned.ExecuteReader();
        using (DbCommand command = Command(c, "d"))
        using (DbDataReader reader = command.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.Equal((4L, "d"), (reader.GetInt64(0), reader.GetString(1)));
        }
        Assert.True(open.Read());
        Assert.Equal(3L, open.GetInt64(0));
        open.Dispose();
        abandoned.Dispose();
    }

    [Fact]
    public void Returning_through_a_reader_allocates_little_more_than_ExecuteNonQuery()
    {
        using var db = new TestDatabase(extraSettings: "Durability=None");
        using LightningConnection c = Open(db);
        using DbTransaction transaction = c.BeginTransaction();
        using DbCommand returning = Command(c, "", transaction);
        using DbCommand plain = Command(c, "", transaction, "INSERT INTO p (name, cat) VALUES (@name, @cat)");
        string[] names = Enumerable.Range(0, 4_000).Select(i => "n" + i).ToArray();
        int next = 0;
        long Allocated(DbCommand command, bool read)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                command.Parameters[0].Value = names[next++];
                if (!read)
                {
                    command.ExecuteNonQuery();
                    continue;
                }
                using DbDataReader reader = command.ExecuteReader();
                reader.Read();
                reader.GetInt64(0);
                reader.NextResult();
            }
            return (GC.GetAllocatedBytesForCurrentThread() - before) / 200;
        }
        // The transaction's growing write set allocates in bursts (when its tables grow): the least of several rounds is
        // what an insert itself costs.
        long withReader = long.MaxValue, withoutReader = long.MaxValue;
        for (int round = 0; round < 10; round++)
        {
            withReader = Math.Min(withReader, Allocated(returning, read: true));
            withoutReader = Math.Min(withoutReader, Allocated(plain, read: false));
        }
        // The data reader itself (about 100 B) is the difference; a result, row list, row array and column-type array
        // per execution would add about 200 B more.
        Assert.True(withReader - withoutReader < 150, $"reader with RETURNING: {withReader} B, ExecuteNonQuery: {withoutReader} B per insert");
    }
}
