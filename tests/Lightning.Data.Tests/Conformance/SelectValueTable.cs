using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The kinds of value the conformance suite selects; the number is the row id in <c>select_value</c>.</summary>
public enum ValueKind
{
    Null = 0,
    Empty = 1,
    Zero = 2,
    One = 3,
    Minimum = 4,
    Maximum = 5,
}

/// <summary>
/// Our KV-SQL version of the conformance suite's select-value fixture (modelled on its SQLite fixture): a
/// <c>select_value</c> table with one column per supported <see cref="DbType"/> and one row per <see cref="ValueKind"/>.
/// Column types use KV-SQL's declared type names, so the reader can report the CLR type the suite expects.
/// </summary>
public static class SelectValueTable
{
    public static readonly DbType[] SupportedDbTypes =
    [
        DbType.Binary, DbType.Boolean, DbType.Byte, DbType.DateTime, DbType.Decimal, DbType.Double,
        DbType.Guid, DbType.Int16, DbType.Int32, DbType.Int64, DbType.String,
    ];

    public const string CreateSql = """
        CREATE TABLE select_value (
            Id INTEGER PRIMARY KEY,
            "Binary" BLOB,
            "Boolean" BOOLEAN,
            "Byte" TINYINT,
            "DateTime" DATETIME,
            "Decimal" DECIMAL,
            "Double" DOUBLE,
            "Guid" GUID,
            "Int16" SMALLINT,
            "Int32" INT,
            "Int64" BIGINT,
            "String" TEXT
        );
        """;

    private const string InsertSql = """
        INSERT INTO select_value (Id, "Binary", "Boolean", "Byte", "DateTime", "Decimal", "Double", "Guid", "Int16", "Int32", "Int64", "String")
        VALUES (@id, @binary, @boolean, @byte, @datetime, @decimal, @double, @guid, @int16, @int32, @int64, @string);
        """;

    /// <summary>SELECT statement returning no rows (the suite's <c>SelectNoRows</c>).</summary>
    public const string SelectNoRows = "SELECT Id FROM select_value WHERE 0 = 1;";

    /// <summary>DELETE statement deleting no rows (the suite's <c>DeleteNoRows</c>).</summary>
    public const string DeleteNoRows = "DELETE FROM select_value WHERE 0 = 1;";

    public static string CreateSelectSql(DbType dbType, ValueKind kind) => $"SELECT \"{dbType}\" FROM select_value WHERE Id = {(int)kind};";

    public static string CreateSelectSql(byte[] value) => $"SELECT X'{Convert.ToHexString(value)}';";

    /// <summary>Creates and fills the table in the database behind <paramref name="connection"/>.</summary>
    public static void Create(DbConnection connection)
    {
        connection.Exec(CreateSql);
        Insert(connection, ValueKind.Null, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value);
        Insert(connection, ValueKind.Empty, Array.Empty<byte>(), DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, "");
        Insert(connection, ValueKind.Zero, new byte[] { 0 }, false, (byte)0, DBNull.Value, 0m, 0.0, Guid.Empty, (short)0, 0, 0L, "0");
        Insert(connection, ValueKind.One, new byte[] { 0x11 }, true, (byte)1, new DateTime(1111, 11, 11, 11, 11, 11, 111), 1m, 1.0,
            new Guid("11111111-1111-1111-1111-111111111111"), (short)1, 1, 1L, "1");
        Insert(connection, ValueKind.Minimum, DBNull.Value, false, (byte)0, new DateTime(1, 1, 1), 0.000000000000001m, 2.23e-308,
            new Guid("33221100-5544-7766-9988-aabbccddeeff"), short.MinValue, int.MinValue, long.MinValue, DBNull.Value);
        Insert(connection, ValueKind.Maximum, DBNull.Value, true, (byte)255, new DateTime(9999, 12, 31, 23, 59, 59, 999),
            99999999999999999999.999999999999999m, 1.79e308, new Guid("ccddeeff-aabb-8899-7766-554433221100"),
            short.MaxValue, int.MaxValue, long.MaxValue, DBNull.Value);
    }

    private static void Insert(DbConnection connection, ValueKind id, params object[] values)
    {
        string[] names = ["@binary", "@boolean", "@byte", "@datetime", "@decimal", "@double", "@guid", "@int16", "@int32", "@int64", "@string"];
        using DbCommand command = connection.CreateCommand();
        command.CommandText = InsertSql;
        Add(command, "@id", (long)id);
        for (int i = 0; i < names.Length; i++) Add(command, names[i], values[i]);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static void Add(DbCommand command, string name, object value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A database with the table created and filled, and an open connection to it.</summary>
    public static (TestDatabase Database, LightningConnection Connection) Open()
    {
        var database = new TestDatabase("select-value");
        LightningConnection connection = database.OpenConnection();
        Create(connection);
        return (database, connection);
    }
}
