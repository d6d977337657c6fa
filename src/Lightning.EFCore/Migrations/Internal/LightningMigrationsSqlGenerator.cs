using Microsoft.EntityFrameworkCore;
using Lightning.EFCore.Metadata.Internal;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Lightning.EFCore.Migrations.Internal;

/// <summary>
/// Migration operations as KV-SQL DDL. Supported: create/drop/rename table, add/drop/rename column, create/drop index
/// (foreign keys and unique constraints inside CREATE TABLE). A single integer key generated on add becomes
/// <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>. Every other operation (altering a column, adding or dropping keys and
/// constraints on an existing table, sequences, schemas with tables in them…) fails with a
/// <see cref="NotSupportedException"/> naming the operation, rather than producing SQL that would half-apply.
/// </summary>
public class LightningMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies) : MigrationsSqlGenerator(dependencies)
{
    /// <inheritdoc />
    protected override void Generate(MigrationOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        switch (operation)
        {
            case EnsureSchemaOperation:
                return; // KV-SQL has one schema; EF asks for its default schema, which needs nothing.
            case AlterDatabaseOperation:
                return; // nothing to alter: collation and other database options do not exist
            case AlterTableOperation alter when alter.Comment == alter.OldTable.Comment:
                return; // annotation-only changes (e.g. comments) have no storage effect
            default:
                base.Generate(operation, model, builder);
                return;
        }
    }

    /// <inheritdoc />
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        builder.Append("CREATE TABLE ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name)).AppendLine(" (");
        using (builder.Indent())
        {
            string? inlineKey = InlineKeyColumn(operation);
            for (int i = 0; i < operation.Columns.Count; i++)
            {
                AddColumnOperation column = operation.Columns[i];
                ColumnDefinition(column, model, builder);
                if (column.Name == inlineKey)
                {
                    if (operation.PrimaryKey!.Name is { } keyName)
                        builder.Append(" CONSTRAINT ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(keyName));
                    builder.Append(" PRIMARY KEY AUTOINCREMENT");
                }
                if (i != operation.Columns.Count - 1) builder.AppendLine(",");
            }
            if (operation.PrimaryKey is not null && inlineKey is null)
            {
                builder.AppendLine(",");
                PrimaryKeyConstraint(operation.PrimaryKey, model, builder);
            }
            foreach (AddUniqueConstraintOperation unique in operation.UniqueConstraints)
            {
                builder.AppendLine(",");
                UniqueConstraint(unique, model, builder);
            }
            foreach (AddCheckConstraintOperation check in operation.CheckConstraints)
            {
                builder.AppendLine(",");
                CheckConstraint(check, model, builder);
            }
            foreach (AddForeignKeyOperation foreignKey in operation.ForeignKeys)
            {
                builder.AppendLine(",");
                ForeignKeyConstraint(foreignKey, model, builder);
            }
            builder.AppendLine();
        }
        builder.Append(")");
        if (terminate)
        {
            builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
            EndStatement(builder);
        }
    }

    /// <summary>The single integer key column that EF generates on add: declared inline as an AUTOINCREMENT key.</summary>
    private static string? InlineKeyColumn(CreateTableOperation operation)
    {
        if (operation.PrimaryKey is not { Columns.Length: 1 } key) return null;
        AddColumnOperation? column = operation.Columns.FirstOrDefault(c => c.Name == key.Columns[0]);
        if (column is null || !IsIntegerType(column.ClrType)) return null;
        return column[LightningAnnotationNames.Autoincrement] is true ? column.Name : null;
    }

    private static bool IsIntegerType(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ushort) || t == typeof(sbyte);
    }

    /// <inheritdoc />
    protected override void Generate(RenameTableOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (operation.NewName is null || operation.NewName == operation.Name) return;
        builder.Append("ALTER TABLE ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name))
            .Append(" RENAME TO ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.NewName))
            .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    /// <inheritdoc />
    protected override void Generate(RenameColumnOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        builder.Append("ALTER TABLE ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Table))
            .Append(" RENAME COLUMN ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name))
            .Append(" TO ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.NewName))
            .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    /// <inheritdoc />
    protected override void Generate(DropIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        builder.Append("DROP INDEX ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name));
        if (terminate)
        {
            builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
            EndStatement(builder);
        }
    }

    /// <inheritdoc />
    protected override void Generate(CreateIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (operation.Filter is not null) throw Unsupported("a filtered index (CreateIndex with a filter)", operation.Name);
        base.Generate(operation, model, builder, terminate);
    }

    /// <inheritdoc />
    protected override void Generate(AlterColumnOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("AlterColumn", $"{operation.Table}.{operation.Name}");

    /// <inheritdoc />
    protected override void Generate(AddPrimaryKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true) =>
        throw Unsupported("AddPrimaryKey on an existing table", operation.Table);

    /// <inheritdoc />
    protected override void Generate(DropPrimaryKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true) =>
        throw Unsupported("DropPrimaryKey", operation.Table);

    /// <inheritdoc />
    protected override void Generate(AddForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true) =>
        throw Unsupported("AddForeignKey on an existing table", operation.Table);

    /// <inheritdoc />
    protected override void Generate(DropForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true) =>
        throw Unsupported("DropForeignKey", operation.Table);

    /// <inheritdoc />
    protected override void Generate(AddUniqueConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("AddUniqueConstraint on an existing table (create a unique index instead)", operation.Table);

    /// <inheritdoc />
    protected override void Generate(DropUniqueConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("DropUniqueConstraint", operation.Table);

    /// <inheritdoc />
    protected override void Generate(AddCheckConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("AddCheckConstraint on an existing table", operation.Table);

    /// <inheritdoc />
    protected override void Generate(DropCheckConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("DropCheckConstraint", operation.Table);

    /// <inheritdoc />
    protected override void Generate(RenameIndexOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("RenameIndex (drop and create the index instead)", operation.Name);

    /// <inheritdoc />
    protected override void Generate(CreateSequenceOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("CreateSequence", operation.Name);

    /// <inheritdoc />
    protected override void Generate(DropSchemaOperation operation, IModel? model, MigrationCommandListBuilder builder) =>
        throw Unsupported("DropSchema", operation.Name);

    private static NotSupportedException Unsupported(string what, string target) =>
        new($"The Lightning provider cannot apply the migration operation {what} ({target}): KV-SQL supports create/drop/rename table, " +
            "add/drop/rename column and create/drop index. Recreate the table in a migration (create a new table, copy the rows with " +
            "migrationBuilder.Sql(\"INSERT INTO … SELECT …\"), drop the old one and rename the new one) instead.");
}
