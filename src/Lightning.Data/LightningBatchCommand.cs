using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Lightning.Data;

/// <summary>One command of a <see cref="LightningBatch"/>, with its own parameters.</summary>
public sealed class LightningBatchCommand : DbBatchCommand
{
    private string _commandText = "";

    /// <summary>Creates an empty batch command.</summary>
    public LightningBatchCommand()
    {
    }

    /// <summary>Creates a batch command with text.</summary>
    public LightningBatchCommand(string commandText) => _commandText = commandText;

    /// <inheritdoc />
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? "";
    }

    /// <summary>Only <see cref="CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw new ArgumentException($"CommandType.{value} is not supported; use CommandType.Text.", nameof(value));
        }
    }

    /// <summary>Rows this command's statements changed, after execution.</summary>
    public override int RecordsAffected => RecordsAffectedValue;

    internal int RecordsAffectedValue { get; set; } = -1;

    /// <summary>The command's parameters.</summary>
    public new LightningParameterCollection Parameters { get; } = new();

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <inheritdoc />
    public override bool CanCreateParameter => true;

    /// <inheritdoc />
    public override DbParameter CreateParameter() => new LightningParameter();
}
