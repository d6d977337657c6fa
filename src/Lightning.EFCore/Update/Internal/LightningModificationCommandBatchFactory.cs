using Microsoft.EntityFrameworkCore.Update;

namespace Lightning.EFCore.Update.Internal;

/// <summary>
/// One statement per command: with an embedded database there is no round trip to save, and every INSERT of an entity
/// type then has the same SQL text, so Lightning.Data's statement and plan cache serves all of them.
/// </summary>
public class LightningModificationCommandBatchFactory(ModificationCommandBatchFactoryDependencies dependencies) : IModificationCommandBatchFactory
{
    /// <inheritdoc />
    public ModificationCommandBatch Create() => new SingularModificationCommandBatch(dependencies);
}
