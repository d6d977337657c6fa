using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lightning.EFCore.Diagnostics.Internal;

/// <summary>The provider's logging definitions (it defines no events of its own beyond the relational ones).</summary>
public class LightningLoggingDefinitions : RelationalLoggingDefinitions;
