using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Storage.Internal;

/// <summary>
/// The database's user table names, read from the connection's schema (KV-SQL has no catalog tables to query). The
/// built-in <c>kv</c> table (TABLE_TYPE <c>SYSTEM TABLE</c>) is not one: every database has it.
/// </summary>
internal static class LightningTables
{
    public static List<string> Names(IRelationalConnection relationalConnection)
    {
        DbConnection connection = relationalConnection.DbConnection;
        bool wasOpen = connection.State == ConnectionState.Open;
        if (!wasOpen) relationalConnection.Open();
        try
        {
            using DataTable tables = connection.GetSchema("Tables");
            var names = new List<string>(tables.Rows.Count);
            foreach (DataRow row in tables.Rows)
                if (row["TABLE_NAME"] is string name && !Equals(row["TABLE_TYPE"], "SYSTEM TABLE")) names.Add(name);
            return names;
        }
        finally
        {
            if (!wasOpen) relationalConnection.Close();
        }
    }
}
