using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lightning.Kv;

namespace Lightning.Data;

/// <summary>
/// Builds and parses Lightning.Data connection strings. Keys (case-insensitive): <c>Data Source</c> (aliases
/// <c>DataSource</c>, <c>Filename</c>): a database directory or <c>:memory:</c>; <c>Mode</c>: ReadWriteCreate (default),
/// ReadWrite, ReadOnly, Memory; <c>Durability</c>: Full (default), Normal, None; <c>Cache Size</c>: page cache bytes
/// (0 = engine default); <c>Default Timeout</c> (alias <c>Command Timeout</c>): seconds, default 30.
/// </summary>
public sealed class LightningConnectionStringBuilder : DbConnectionStringBuilder
{
    private const string DataSourceKey = "Data Source";
    private const string ModeKey = "Mode";
    private const string DurabilityKey = "Durability";
    private const string CacheSizeKey = "Cache Size";
    private const string DefaultTimeoutKey = "Default Timeout";

    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        [DataSourceKey] = DataSourceKey, ["DataSource"] = DataSourceKey, ["Filename"] = DataSourceKey,
        [ModeKey] = ModeKey,
        [DurabilityKey] = DurabilityKey,
        [CacheSizeKey] = CacheSizeKey, ["CacheSize"] = CacheSizeKey,
        [DefaultTimeoutKey] = DefaultTimeoutKey, ["DefaultTimeout"] = DefaultTimeoutKey, ["Command Timeout"] = DefaultTimeoutKey,
    };

    /// <summary>Creates an empty builder.</summary>
    public LightningConnectionStringBuilder()
    {
    }

    /// <summary>Parses <paramref name="connectionString"/>.</summary>
    /// <exception cref="ArgumentException">An unknown key or an invalid value.</exception>
    public LightningConnectionStringBuilder(string? connectionString)
    {
        ConnectionString = connectionString ?? "";
        // Re-set every parsed pair through the indexer: validates keys and values and stores typed, canonical entries.
        var pairs = new List<KeyValuePair<string, object>>();
        foreach (string key in Keys) pairs.Add(new(key, base[key]));
        Clear();
        foreach (KeyValuePair<string, object> pair in pairs) this[pair.Key] = pair.Value;
    }

    /// <summary>The database directory, or <c>:memory:</c> for a private in-memory database.</summary>
    public string DataSource
    {
        get => TryGetValue(DataSourceKey, out object? value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "";
        set => this[DataSourceKey] = value;
    }

    /// <summary>How the database is opened.</summary>
    public LightningOpenMode Mode
    {
        get => TryGetValue(ModeKey, out object? value) ? ParseEnum<LightningOpenMode>(value, ModeKey) : LightningOpenMode.ReadWriteCreate;
        set => this[ModeKey] = value;
    }

    /// <summary>When commits reach the disk (see <see cref="Kv.Durability"/>). The first connection to open a path decides for all.</summary>
    public Durability Durability
    {
        get => TryGetValue(DurabilityKey, out object? value) ? ParseEnum<Durability>(value, DurabilityKey) : Durability.Full;
        set => this[DurabilityKey] = value;
    }

    /// <summary>The page cache size in bytes; 0 means the engine default (64 MiB).</summary>
    public long CacheSize
    {
        get => TryGetValue(CacheSizeKey, out object? value) ? ParseNumber(value, CacheSizeKey, long.Parse) : 0;
        set => this[CacheSizeKey] = value;
    }

    /// <summary>The default command timeout in seconds (0 = none).</summary>
    public int DefaultTimeout
    {
        get => TryGetValue(DefaultTimeoutKey, out object? value) ? ParseNumber(value, DefaultTimeoutKey, int.Parse) : 30;
        set => this[DefaultTimeoutKey] = value;
    }

    /// <inheritdoc />
    [AllowNull]
    public override object this[string keyword]
    {
        get => base[Normalize(keyword)];
        set
        {
            string key = Normalize(keyword);
            if (value is null)
            {
                base.Remove(key);
                return;
            }
            base[key] = key switch
            {
                DataSourceKey => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                ModeKey => ParseEnum<LightningOpenMode>(value, keyword),
                DurabilityKey => ParseEnum<Durability>(value, keyword),
                CacheSizeKey => ParseNumber(value, keyword, long.Parse),
                _ => ParseNumber(value, keyword, int.Parse),
            };
        }
    }

    /// <inheritdoc />
    public override bool ContainsKey(string keyword) => Canonical.TryGetValue(keyword, out string? key) && base.ContainsKey(key);

    /// <inheritdoc />
    public override bool Remove(string keyword) => Canonical.TryGetValue(keyword, out string? key) && base.Remove(key);

    /// <inheritdoc />
    public override bool ShouldSerialize(string keyword) => ContainsKey(keyword);

    /// <inheritdoc />
    public override bool TryGetValue(string keyword, [NotNullWhen(true)] out object? value)
    {
        if (Canonical.TryGetValue(keyword, out string? key)) return base.TryGetValue(key, out value);
        value = null;
        return false;
    }

    private static string Normalize(string keyword) =>
        Canonical.TryGetValue(keyword ?? throw new ArgumentNullException(nameof(keyword)), out string? key)
            ? key
            : throw new ArgumentException($"Connection string keyword '{keyword}' is not supported. Supported: Data Source, Mode, Durability, Cache Size, Default Timeout.", nameof(keyword));

    private static T ParseEnum<T>(object value, string keyword) where T : struct, Enum
    {
        if (value is T typed) return typed;
        string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        if (Enum.TryParse(text, ignoreCase: true, out T parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)) return parsed;
        throw new ArgumentException($"'{text}' is not a valid {keyword}; use one of: {string.Join(", ", Enum.GetNames<T>())}.", nameof(value));
    }

    private static T ParseNumber<T>(object value, string keyword, Func<string, IFormatProvider, T> parse) where T : struct, IComparable<T>
    {
        if (value is T typed) return Check(typed, keyword);
        try
        {
            return Check(parse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", CultureInfo.InvariantCulture), keyword);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"'{value}' is not a valid {keyword}: a non-negative number is required.", nameof(value), e);
        }
    }

    private static T Check<T>(T value, string keyword) where T : struct, IComparable<T> =>
        value.CompareTo(default) < 0 ? throw new ArgumentException($"{keyword} must not be negative.", nameof(value)) : value;
}
