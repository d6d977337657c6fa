using System.Data.Common;

namespace Lightning.Data;

/// <summary>Fills <see cref="System.Data.DataSet"/>s from Lightning.Data commands (the classic ADO.NET adapter).</summary>
public sealed class LightningDataAdapter : DbDataAdapter
{
    /// <summary>Creates an adapter without commands.</summary>
    public LightningDataAdapter()
    {
    }

    /// <summary>Creates an adapter whose SelectCommand is <paramref name="selectCommand"/>.</summary>
    public LightningDataAdapter(LightningCommand selectCommand) => SelectCommand = selectCommand;

    /// <summary>Creates an adapter for <paramref name="selectCommandText"/> on <paramref name="connection"/>.</summary>
    public LightningDataAdapter(string selectCommandText, LightningConnection connection) => SelectCommand = new LightningCommand(selectCommandText, connection);
}
