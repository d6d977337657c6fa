namespace Lightning.Data.Tests.TestSupport;

/// <summary>One open connection to a fresh database shared by the tests of a class (xunit runs them one at a time),
/// for classes of many small queries that need no isolation from each other.</summary>
public sealed class ConnectionFixture : IDisposable
{
    private readonly TestDatabase _database = new("shared");

    public ConnectionFixture() => Connection = _database.OpenConnection();

    public LightningConnection Connection { get; }

    public void Dispose()
    {
        Connection.Dispose();
        _database.Dispose();
    }
}
