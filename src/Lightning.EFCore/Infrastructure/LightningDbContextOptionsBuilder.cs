using Lightning.EFCore.Infrastructure.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Lightning.EFCore.Infrastructure;

/// <summary>
/// Lightning-specific options, reached through the optional action of
/// <see cref="LightningDbContextOptionsBuilderExtensions.UseLightning(DbContextOptionsBuilder, string, Action{LightningDbContextOptionsBuilder}?)"/>
/// (command timeout, max batch size, migrations assembly and the other relational options).
/// </summary>
public class LightningDbContextOptionsBuilder(DbContextOptionsBuilder optionsBuilder)
    : RelationalDbContextOptionsBuilder<LightningDbContextOptionsBuilder, LightningOptionsExtension>(optionsBuilder);
