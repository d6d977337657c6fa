using System.Collections;
using System.Data;
using System.Data.Common;
using Lightning.Data.Tests.TestSupport;

namespace Lightning.Data.Tests.Conformance;

/// <summary>The behaviours of ParameterTestBase: defaults, binding, and the parameter collection's argument checks.</summary>
public sealed class ParameterConformanceTests
{
    private static DbParameter NewParameter() => LightningFactory.Instance.CreateParameter()!;

    private static object? SelectParameter(object? value, string? name = "@Parameter", string sql = "SELECT @Parameter;")
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        DbParameter parameter = command.CreateParameter();
        if (name is not null) parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command.ExecuteScalar();
    }

    [Fact]
    public void Defaults()
    {
        DbParameter parameter = NewParameter();
        Assert.Equal(DbType.String, parameter.DbType);
        Assert.Equal(ParameterDirection.Input, parameter.Direction);
        Assert.False(parameter.IsNullable);
        Assert.Equal("", parameter.ParameterName);
        Assert.Equal((byte)0, parameter.Precision);
        Assert.Equal((byte)0, parameter.Scale);
        Assert.Equal(0, parameter.Size);
        Assert.Equal("", parameter.SourceColumn);
        Assert.Equal(DataRowVersion.Current, parameter.SourceVersion);
        Assert.Null(parameter.Value);
    }

    [Fact]
    public void ResetDbType_works()
    {
        DbParameter parameter = NewParameter();
        parameter.DbType = DbType.Int64;
        parameter.ResetDbType();
        Assert.Equal(DbType.String, parameter.DbType);
    }

    [Fact]
    public void Null_names_become_empty_strings()
    {
        DbParameter parameter = NewParameter();
        parameter.ParameterName = null;
        Assert.Equal("", parameter.ParameterName);
        parameter.SourceColumn = null;
        Assert.Equal("", parameter.SourceColumn);
        parameter.Value = null;
        Assert.Null(parameter.Value);
    }

    [Fact]
    public void Bind_requires_set_name()
    {
        Exception? error = Record.Exception(() => SelectParameter(1, name: null));
        Assert.True(error is InvalidOperationException or DbException, $"got {error?.GetType()}");
    }

    [Fact]
    public void Bind_requires_set_value()
    {
        // A parameter whose Value is null (not DBNull.Value) has no value: ADO.NET says to send DBNull.
        Assert.Throws<InvalidOperationException>(() => SelectParameter(null));
    }

    [Fact]
    public void Bind_is_noop_on_unknown_parameter() => Assert.Equal(1L, SelectParameter(1, "@Unknown", "SELECT 1;"));

    [Fact]
    public void Bind_throws_when_unknown_type()
    {
        Exception? error = Record.Exception(() => SelectParameter(new object()));
        Assert.True(error is InvalidOperationException or NotSupportedException, $"got {error?.GetType()}");
    }

    [Fact]
    public void Bind_works_with_string() => Assert.Equal("test", SelectParameter("test"));

    [Fact]
    public void Bind_works_with_DBNull() => Assert.Same(DBNull.Value, SelectParameter(DBNull.Value));

    [Fact]
    public void Bind_works_with_byte_array() => Assert.Equal(new byte[] { 1, 2, 3, 4 }, SelectParameter(new byte[] { 1, 2, 3, 4 }));

    [Fact]
    public void Bind_works_with_stream()
    {
        using var stream = new MemoryStream([1, 2, 3, 4]);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, SelectParameter(stream));
    }

    [Theory]
    [InlineData("@p", "SELECT @p;")]
    [InlineData("p", "SELECT @p;")]
    [InlineData(":p", "SELECT :p;")]
    [InlineData("$p", "SELECT $p;")]
    public void Named_parameter_prefixes(string name, string sql) => Assert.Equal(7L, SelectParameter(7, name, sql));

    [Fact]
    public void Positional_parameters_bind_in_order()
    {
        using var db = new TestDatabase();
        using DbConnection connection = db.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT ? || ?;";
        foreach (string v in new[] { "a", "b" })
        {
            DbParameter p = command.CreateParameter();
            p.Value = v;
            command.Parameters.Add(p);
        }
        Assert.Equal("ab", command.ExecuteScalar());
    }

    [Fact]
    public void Collection_rejects_nulls()
    {
        using DbCommand command = LightningFactory.Instance.CreateCommand()!;
        DbParameter named = command.CreateParameter();
        named.ParameterName = "@param";
        Assert.Throws<ArgumentNullException>(() => command.Parameters.Add(null!));
        Assert.Throws<ArgumentNullException>(() => command.Parameters.Insert(0, null!));
        command.Parameters.Add(named);
        Assert.Throws<ArgumentNullException>(() => command.Parameters["@param"] = null!);
        Assert.Throws<ArgumentNullException>(() => command.Parameters[0] = null!);
        Assert.Throws<ArgumentNullException>(() => ((IList)command.Parameters)[0] = null);
        Assert.Throws<ArgumentNullException>(() => ((IDataParameterCollection)command.Parameters)["@param"] = null!);
        Assert.Throws<ArgumentNullException>(() => command.Parameters.Remove(null!));
    }

    [Fact]
    public void Collection_lookups_of_null_are_negative()
    {
        using DbCommand command = LightningFactory.Instance.CreateCommand()!;
        Assert.False(command.Parameters.Contains(default(object)!));
        Assert.False(command.Parameters.Contains(default(string)!));
        Assert.Equal(-1, command.Parameters.IndexOf(default(object)!));
        Assert.Equal(-1, command.Parameters.IndexOf(default(string)!));
    }

    [Fact]
    public void Collection_index_rules()
    {
        using DbCommand command = LightningFactory.Instance.CreateCommand()!;
        DbParameter parameter = command.CreateParameter();
        Assert.Throws<ArgumentOutOfRangeException>(() => command.Parameters.RemoveAt(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => command.Parameters.RemoveAt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => command.Parameters.Insert(-1, parameter));
        Assert.Throws<ArgumentOutOfRangeException>(() => command.Parameters.Insert(1, parameter));
        command.Parameters.Insert(0, parameter);
        Assert.Same(parameter, Assert.Single(command.Parameters));
        command.Parameters.Remove(parameter);
        Assert.Empty(command.Parameters);
        command.Parameters.Add(parameter);
        command.Parameters.RemoveAt(0);
        Assert.Empty(command.Parameters);
    }
}
