using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Tests.Sql.Parsing;

public sealed class DdlParserTests
{
    [Fact]
    public void Create_table_with_column_constraints()
    {
        CreateTableStatement t = P.One<CreateTableStatement>("""
            CREATE TABLE IF NOT EXISTS users (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL COLLATE NOCASE,
              email VARCHAR(200) UNIQUE NULL,
              balance REAL DEFAULT 0,
              debt DECIMAL(18, 2) DEFAULT -1.5,
              flags INT DEFAULT (1 + 2) NOT NULL,
              data BLOB,
              label DEFAULT 'x',
              owner INTEGER CONSTRAINT fk_owner REFERENCES owners (id) ON DELETE CASCADE,
              age INT CHECK (age >= 0)
            ) WITHOUT ROWID
            """);
        Assert.Equal("users", t.Name);
        Assert.True(t.IfNotExists);
        Assert.Equal(["id", "name", "email", "balance", "debt", "flags", "data", "label", "owner", "age"], t.Columns.Select(c => c.Name));
        ColumnDefinition id = t.Columns[0];
        Assert.True(id.PrimaryKey && id.AutoIncrement && !id.PrimaryKeyDescending);
        Assert.Equal(new TypeName("INTEGER"), id.Type);
        Assert.True(t.Columns[1].NotNull);
        Assert.Equal("NOCASE", t.Columns[1].Collation);
        Assert.Equal(new TypeName("VARCHAR", 200), t.Columns[2].Type);
        Assert.True(t.Columns[2].Unique);
        Assert.False(t.Columns[2].NotNull);
        P.Integer(0, t.Columns[3].Default!);
        Assert.Equal(new TypeName("DECIMAL", 18, 2), t.Columns[4].Type);
        P.Real(-1.5, t.Columns[4].Default!);
        P.Binary(BinaryOperator.Add, t.Columns[5].Default!);
        Assert.True(t.Columns[5].NotNull);
        Assert.Null(t.Columns[7].Type);
        P.Text("x", t.Columns[7].Default!);
        ForeignKeyConstraint fk = t.Columns[8].References!;
        Assert.Equal(("owners", "CASCADE"), (fk.ReferencedTable, fk.OnDelete));
        Assert.Equal(["id"], fk.ReferencedColumns);
        CheckConstraint check = Assert.IsType<CheckConstraint>(Assert.Single(t.Constraints));
        P.Binary(BinaryOperator.GreaterOrEqual, check.Condition);
    }

    [Fact]
    public void Create_table_with_table_constraints()
    {
        CreateTableStatement t = P.One<CreateTableStatement>("""
            CREATE TABLE "Posts" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Posts" PRIMARY KEY AUTOINCREMENT,
                "BlogId" INTEGER NOT NULL,
                a, b,
                CONSTRAINT "AK" UNIQUE (a, b),
                PRIMARY KEY (a DESC, b),
                CONSTRAINT "FK_Posts_Blogs_BlogId" FOREIGN KEY ("BlogId") REFERENCES "Blogs" ("Id") ON DELETE SET NULL ON UPDATE NO ACTION,
                FOREIGN KEY (a) REFERENCES x (y) ON DELETE SET DEFAULT ON UPDATE RESTRICT,
                CHECK (a <> b)
            ) STRICT, WITHOUT ROWID
            """);
        Assert.Equal(4, t.Columns.Count);
        Assert.True(t.Columns[0].PrimaryKey && t.Columns[0].AutoIncrement && t.Columns[0].NotNull);
        UniqueConstraint unique = Assert.IsType<UniqueConstraint>(t.Constraints[0]);
        Assert.Equal("AK", unique.Name);
        PrimaryKeyConstraint pk = Assert.IsType<PrimaryKeyConstraint>(t.Constraints[1]);
        Assert.Null(pk.Name);
        Assert.Equal([new IndexColumn("a", true), new IndexColumn("b", false)], pk.Columns);
        ForeignKeyConstraint fk = Assert.IsType<ForeignKeyConstraint>(t.Constraints[2]);
        Assert.Equal("FK_Posts_Blogs_BlogId", fk.Name);
        Assert.Equal(["BlogId"], fk.Columns);
        Assert.Equal("Blogs", fk.ReferencedTable);
        Assert.Equal(["Id"], fk.ReferencedColumns);
        Assert.Equal(("SET NULL", "NO ACTION"), (fk.OnDelete, fk.OnUpdate));
        ForeignKeyConstraint fk2 = Assert.IsType<ForeignKeyConstraint>(t.Constraints[3]);
        Assert.Equal(("SET DEFAULT", "RESTRICT"), (fk2.OnDelete, fk2.OnUpdate));
        Assert.IsType<CheckConstraint>(t.Constraints[4]);
    }

    [Fact]
    public void Kv_shaped_table_and_descending_key()
    {
        CreateTableStatement t = P.One<CreateTableStatement>("CREATE TABLE kv2 (key BLOB PRIMARY KEY DESC, value BLOB, date DATETIME, text TEXT, action TEXT)");
        Assert.True(t.Columns[0].PrimaryKey);
        Assert.True(t.Columns[0].PrimaryKeyDescending);
        Assert.Equal(["key", "value", "date", "text", "action"], t.Columns.Select(c => c.Name));
        Assert.Equal(new TypeName("UNSIGNED BIG INT"), P.One<CreateTableStatement>("CREATE TABLE t (a UNSIGNED BIG INT)").Columns[0].Type);
    }

    [Fact]
    public void Drop_table_and_index()
    {
        Assert.Equal(new DropTableStatement("t", false), P.One("DROP TABLE t") with { SourceLine = 0, SourceColumn = 0 });
        Assert.True(P.One<DropTableStatement>("DROP TABLE IF EXISTS \"t\"").IfExists);
        DropIndexStatement ix = P.One<DropIndexStatement>("drop index if exists ix");
        Assert.Equal(("ix", true), (ix.Name, ix.IfExists));
        Assert.False(P.One<DropIndexStatement>("DROP INDEX ix").IfExists);
    }

    [Fact]
    public void Create_index()
    {
        CreateIndexStatement ix = P.One<CreateIndexStatement>("CREATE UNIQUE INDEX IF NOT EXISTS ix_t ON t (a ASC, b DESC)");
        Assert.Equal(("ix_t", "t", true, true), (ix.Name, ix.Table, ix.Unique, ix.IfNotExists));
        Assert.Equal([new IndexColumn("a", false), new IndexColumn("b", true)], ix.Columns);
        CreateIndexStatement plain = P.One<CreateIndexStatement>("CREATE INDEX \"IX_Posts_BlogId\" ON \"Posts\" (\"BlogId\")");
        Assert.False(plain.Unique || plain.IfNotExists);
        Assert.Equal("IX_Posts_BlogId", plain.Name);
    }

    [Fact]
    public void Alter_table_forms()
    {
        AlterTableAddColumnStatement add = P.One<AlterTableAddColumnStatement>("ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x' NOT NULL");
        Assert.Equal(("t", "c"), (add.Table, add.Column.Name));
        Assert.True(add.Column.NotNull);
        Assert.Equal("d", P.One<AlterTableAddColumnStatement>("ALTER TABLE t ADD d INTEGER").Column.Name);
        AlterTableRenameStatement rename = P.One<AlterTableRenameStatement>("ALTER TABLE \"ef_temp_Blogs\" RENAME TO \"Blogs\"");
        Assert.Equal(("ef_temp_Blogs", "Blogs"), (rename.Table, rename.NewName));
        AlterTableRenameColumnStatement col = P.One<AlterTableRenameColumnStatement>("ALTER TABLE t RENAME COLUMN a TO b");
        Assert.Equal(("t", "a", "b"), (col.Table, col.OldName, col.NewName));
        Assert.Equal("b", P.One<AlterTableRenameColumnStatement>("ALTER TABLE t RENAME a TO b").NewName);
        AlterTableDropColumnStatement drop = P.One<AlterTableDropColumnStatement>("ALTER TABLE t DROP COLUMN c");
        Assert.Equal(("t", "c"), (drop.Table, drop.Column));
        Assert.Equal("c", P.One<AlterTableDropColumnStatement>("ALTER TABLE t DROP c").Column);
    }

    [Theory]
    [InlineData("CREATE TABLE t")]
    [InlineData("CREATE TABLE t ()")]
    [InlineData("CREATE TABLE t (a INT,)")]
    [InlineData("CREATE UNIQUE TABLE t (a)")]
    [InlineData("CREATE INDEX ix ON t ()")]
    [InlineData("ALTER TABLE t RENAME")]
    [InlineData("DROP VIEW v")]
    [InlineData("CREATE TABLE t (a INT NOT)")]
    [InlineData("CREATE TABLE t (a INT) WITHOUT")]
    [InlineData("CREATE TABLE t (a INT) STRICT,")]
    public void Bad_ddl_is_a_syntax_error(string sql) => P.Fails(sql);
}
