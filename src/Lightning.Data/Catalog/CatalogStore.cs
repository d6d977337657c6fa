using System.Buffers.Binary;
using System.Text.Json;
using Lightning.Kv;

namespace Lightning.Data.Catalog;

/// <summary>
/// Reads and writes the catalog in the engine: key <c>00 00 00 00 'C'</c> holds the whole catalog as UTF-8 JSON
/// (small, rewritten by every DDL statement, so concurrent DDL conflicts on it); keys <c>00 00 00 00 'S' [table id]</c>
/// hold AUTOINCREMENT high-water marks. Format: docs/formats/sql.md.
/// </summary>
internal static class CatalogStore
{
    public const int FormatVersion = 1;

    private static readonly byte[] CatalogKey = [0, 0, 0, 0, (byte)'C'];

    private sealed record CatalogDocument(int FormatVersion, uint NextId, long Version, TableSchema[] Tables);

    public static SchemaCatalog Load(LightningDb store)
    {
        byte[]? bytes = store.Get(CatalogKey);
        if (bytes is null) return SchemaCatalog.Empty;
        CatalogDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CatalogDocument>(bytes);
        }
        catch (JsonException e)
        {
            throw new LightningCorruptionException(store.Path, 0, "the SQL catalog record is not readable: " + e.Message);
        }
        if (document is null) throw new LightningCorruptionException(store.Path, 0, "the SQL catalog record is empty");
        if (document.FormatVersion > FormatVersion)
            throw new LightningException(LightningErrorCode.UnsupportedFormat, $"The SQL catalog has format version {document.FormatVersion}; this Lightning.Data reads up to {FormatVersion}.");
        return new SchemaCatalog(document.Tables, document.NextId, document.Version);
    }

    public static byte[] Serialize(SchemaCatalog catalog) =>
        JsonSerializer.SerializeToUtf8Bytes(new CatalogDocument(FormatVersion, catalog.NextId, catalog.Version, [.. catalog.UserTables]));

    public static ReadOnlySpan<byte> Key => CatalogKey;

    /// <summary>The key of table <paramref name="tableId"/>'s AUTOINCREMENT high-water mark.</summary>
    public static byte[] SequenceKey(uint tableId)
    {
        byte[] key = new byte[9];
        key[4] = (byte)'S';
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(5), tableId);
        return key;
    }
}
