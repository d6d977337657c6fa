using System.Data.Common;
using System.Globalization;

namespace Lightning.Data.CrashWriter;

/// <summary>
/// A child process for the SQL crash test (tests/Lightning.Data.Tests/Recovery/SqlCrashTests.cs):
/// <c>write &lt;dir&gt; &lt;seed&gt; &lt;firstId&gt; &lt;firstBatch&gt;</c> opens the database through ADO.NET with
/// <c>Durability=Full</c>, creates the table if missing, reads the live rows, prints <c>opened #</c>, then runs
/// random units forever (until killed), printing <c>begin …</c> before each and <c>ack …</c> (or <c>rejected …</c> for
/// an INSERT that had to fail) after it returned (see <see cref="SqlCrashProtocol"/>). Exits when stdin reaches its
/// end (the test died without killing it), and with code 3 when a unit does something it must not.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 5 && args[0] == "write")
        {
            return Write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture),
                long.Parse(args[3], CultureInfo.InvariantCulture), long.Parse(args[4], CultureInfo.InvariantCulture));
        }
        Console.Error.WriteLine("usage: Lightning.Data.CrashWriter write <dir> <seed> <firstId> <firstBatch>");
        return 2;
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static int Write(string path, int seed, long firstId, long firstBatch)
    {
        // The test keeps our stdin open; if it dies without killing us, stop rather than write forever.
        new Thread(() =>
        {
            Console.In.ReadToEnd();
            Environment.Exit(4);
        }) { IsBackground = true, Name = "parent watch" }.Start();

        using var connection = new LightningConnection(SqlCrashProtocol.ConnectionString(path));
        connection.Open();
        Execute(connection, SqlCrashProtocol.CreateTable);
        Execute(connection, SqlCrashProtocol.CreateIndex);
        var rows = new LiveRows();
        using (DbCommand select = connection.CreateCommand())
        {
            select.CommandText = "SELECT id, batch FROM t";
            using DbDataReader reader = select.ExecuteReader();
            while (reader.Read()) rows.Set(reader.GetInt64(0), reader.GetInt64(1));
        }
        Say(SqlCrashProtocol.Opened);

        var chooser = new UnitChooser(seed, rows, firstId, firstBatch);
        var runner = new UnitRunner(connection, rows);
        while (true)
        {
            SqlCrashUnit unit = chooser.Next();
            Say(SqlCrashProtocol.Line(SqlCrashLineKind.Begin, unit));
            try
            {
                runner.Run(unit);
            }
            catch (InvalidOperationException error)
            {
                Console.Error.WriteLine($"{unit.Describe()}: {error.Message}");
                return 3;
            }
            if (unit.Kind == SqlCrashUnitKind.FailingInsert)
            {
                Say(SqlCrashProtocol.Line(SqlCrashLineKind.Rejected, unit));
                continue;
            }
            if (unit.Kind != SqlCrashUnitKind.Rollback) rows.Apply(unit);
            Say(SqlCrashProtocol.Line(SqlCrashLineKind.Ack, unit));
        }
    }

    private static void Execute(LightningConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
