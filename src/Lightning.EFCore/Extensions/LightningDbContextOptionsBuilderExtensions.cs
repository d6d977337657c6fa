using System.Data.Common;
using Lightning.EFCore.Infrastructure;
using Lightning.EFCore.Infrastructure.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;

// In EF Core's namespace, as every provider does, so UseLightning is found where DbContextOptionsBuilder is.
namespace Microsoft.EntityFrameworkCore;

/// <summary><c>UseLightning</c>: configures a context to use a Lightning.Data database.</summary>
public static class LightningDbContextOptionsBuilderExtensions
{
    /// <summary>Uses the Lightning.Data database named by <paramref name="connectionString"/> (e.g. <c>Data Source=app.ldb</c>).</summary>
    /// <param name="optionsBuilder">The context options being built.</param>
    /// <param name="connectionString">A Lightning.Data connection string.</param>
    /// <param name="lightningOptionsAction">Optional provider options (command timeout, batch size, migrations assembly…).</param>
    public static DbContextOptionsBuilder UseLightning(this DbContextOptionsBuilder optionsBuilder, string connectionString,
        Action<LightningDbContextOptionsBuilder>? lightningOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        LightningOptionsExtension extension = (LightningOptionsExtension)GetOrCreateExtension(optionsBuilder).WithConnectionString(connectionString);
        return Apply(optionsBuilder, extension, lightningOptionsAction);
    }

    /// <summary>Uses an existing <see cref="Lightning.Data.LightningConnection"/> (or any <see cref="DbConnection"/> of this provider).</summary>
    /// <param name="optionsBuilder">The context options being built.</param>
    /// <param name="connection">The connection; the context opens and closes it as needed unless it is already open.</param>
    /// <param name="lightningOptionsAction">Optional provider options.</param>
    public static DbContextOptionsBuilder UseLightning(this DbContextOptionsBuilder optionsBuilder, DbConnection connection,
        Action<LightningDbContextOptionsBuilder>? lightningOptionsAction = null)
        => UseLightning(optionsBuilder, connection, contextOwnsConnection: false, lightningOptionsAction);

    /// <summary>Uses an existing connection, optionally handing its ownership (disposal) to the context.</summary>
    /// <param name="optionsBuilder">The context options being built.</param>
    /// <param name="connection">The connection.</param>
    /// <param name="contextOwnsConnection">True to dispose the connection with the context.</param>
    /// <param name="lightningOptionsAction">Optional provider options.</param>
    public static DbContextOptionsBuilder UseLightning(this DbContextOptionsBuilder optionsBuilder, DbConnection connection, bool contextOwnsConnection,
        Action<LightningDbContextOptionsBuilder>? lightningOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(connection);
        LightningOptionsExtension extension = (LightningOptionsExtension)GetOrCreateExtension(optionsBuilder).WithConnection(connection, contextOwnsConnection);
        return Apply(optionsBuilder, extension, lightningOptionsAction);
    }

    /// <summary>Generic form of <see cref="UseLightning(DbContextOptionsBuilder, string, Action{LightningDbContextOptionsBuilder}?)"/>.</summary>
    public static DbContextOptionsBuilder<TContext> UseLightning<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, string connectionString,
        Action<LightningDbContextOptionsBuilder>? lightningOptionsAction = null) where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseLightning((DbContextOptionsBuilder)optionsBuilder, connectionString, lightningOptionsAction);

    /// <summary>Generic form of <see cref="UseLightning(DbContextOptionsBuilder, DbConnection, Action{LightningDbContextOptionsBuilder}?)"/>.</summary>
    public static DbContextOptionsBuilder<TContext> UseLightning<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, DbConnection connection,
        Action<LightningDbContextOptionsBuilder>? lightningOptionsAction = null) where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseLightning((DbContextOptionsBuilder)optionsBuilder, connection, lightningOptionsAction);

    private static DbContextOptionsBuilder Apply(DbContextOptionsBuilder optionsBuilder, LightningOptionsExtension extension,
        Action<LightningDbContextOptionsBuilder>? lightningOptionsAction)
    {
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(extension);
        ConfigureWarnings(optionsBuilder);
        lightningOptionsAction?.Invoke(new LightningDbContextOptionsBuilder(optionsBuilder));
        return optionsBuilder;
    }

    private static LightningOptionsExtension GetOrCreateExtension(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.Options.FindExtension<LightningOptionsExtension>() ?? new LightningOptionsExtension();

    private static void ConfigureWarnings(DbContextOptionsBuilder optionsBuilder)
    {
        CoreOptionsExtension coreOptions = optionsBuilder.Options.FindExtension<CoreOptionsExtension>() ?? new CoreOptionsExtension();
        coreOptions = RelationalOptionsExtension.WithDefaultWarningConfiguration(coreOptions);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(coreOptions);
    }
}
