using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lightning.Kv;

namespace Lightning.Data;

/// <summary>
/// Builds and parses Lightning.Data connection strings. Keys (case-insensitive): <c>Data Source</c> (aliases
/// <c>DataSource</c>, <c>Filename</c>): a database directory or <c>:memory:</c>; <c>Mode</c>: ReadWriteCreate (default),
/// ReadWrite, ReadOnly, Memory; <c>Durability</c>: Full (default), Normal, None; <c>Cache Size</c>: page cache bytes
/// (0 = engine default; suffixes KB, MB, GB and KiB, MiB, GiB are accepted); <c>Default Timeout</c> (alias
/// <c>Command Timeout</c>): seconds, default 30.
/// </summary>
/// <remarks>
/// Like Microsoft.Data.Sqlite's builder, <see cref="Keys"/> and <see cref="Values"/> list every supported keyword (with
/// its default when unset), <see cref="ContainsKey"/> is true for every supported keyword and <see cref="TryGetValue"/>
/// returns the default of an unset keyword; only keywords that were set appear in <see cref="DbConnectionStringBuilder.ConnectionString"/>.
/// </remarks>
public sealed class LightningConnectionStringBuilder : DbConnectionStringBuilder
{
    private const string DataSourceKey = "Data Source";
    private const string ModeKey = "Mode";
    private const string DurabilityKey = "Durability";
    private const string CacheSizeKey = "Cache Size";
    private const string DefaultTimeoutKey = "Default Timeout";

    private static readonly string[] ValidKeywords = [DataSourceKey, ModeKey, DurabilityKey, CacheSizeKey, DefaultTimeoutKey];

    private static readonly Dictionary<string, int> Index = new(StringComparer.OrdinalIgnoreCase)
    {
        [DataSourceKey] = 0, ["DataSource"] = 0, ["Filename"] = 0,
        [ModeKey] = 1,
        [DurabilityKey] = 2,
        [CacheSizeKey] = 3, ["CacheSize"] = 3,
        [DefaultTimeoutKey] = 4, ["DefaultTimeout"] = 4, ["Command Timeout"] = 4,
    };

    private string _dataSource = "";
    private LightningOpenMode _mode;
    private Durability _durability = Durability.Full;
    private long _cacheSize;
    private int _defaultTimeout = 30;

    /// <summary>Creates an empty builder.</summary>
    public LightningConnectionStringBuilder()
    {
    }

    /// <summary>Parses <paramref name="connectionString"/>.</summary>
    /// <exception cref="ArgumentException">An unknown key or an invalid value.</exception>
    public LightningConnectionStringBuilder(string? connectionString) => ConnectionString = connectionString ?? "";

    /// <summary>The database directory, or <c>:memory:</c> for a private in-memory database.</summary>
    [AllowNull]
    public string DataSource
    {
        get => _dataSource;
        set => base[DataSourceKey] = _dataSource = value ?? "";
    }

    /// <summary>How the database is opened.</summary>
    public LightningOpenMode Mode
    {
        get => _mode;
        set => base[ModeKey] = _mode = CheckDefined(value);
    }

    /// <summary>When commits reach the disk (see <see cref="Kv.Durability"/>). The first connection to open a path decides for all.</summary>
    public Durability Durability
    {
        get => _durability;
        set => base[DurabilityKey] = _durability = CheckDefined(value);
    }

    /// <summary>The page cache size in bytes; 0 means the engine default (64 MiB).</summary>
    public long CacheSize
    {
        get => _cacheSize;
        set => base[CacheSizeKey] = _cacheSize = CheckNotNegative(value, CacheSizeKey);
    }

    /// <summary>The default command timeout in seconds (0 = none).</summary>
    public int DefaultTimeout
    {
        get => _defaultTimeout;
        set => base[DefaultTimeoutKey] = _defaultTimeout = CheckNotNegative(value, DefaultTimeoutKey);
    }

    /// <summary>The supported keywords, in their canonical spelling.</summary>
    public override ICollection Keys => ValidKeywords;

    /// <summary>The values of every supported keyword (defaults for the ones not set), in the order of <see cref="Keys"/>.</summary>
    public override ICollection Values
    {
        get
        {
            var values = new object[ValidKeywords.Length];
            for (int i = 0; i < values.Length; i++) values[i] = GetAt(i);
            return values;
        }
    }

    /// <summary>The value of a keyword (its default when unset); setting null removes it.</summary>
    /// <exception cref="ArgumentException">The keyword is not supported, or the value is invalid for it.</exception>
    [AllowNull]
    public override object this[string keyword]
    {
        get => GetAt(GetIndex(keyword));
        set
        {
            int index = GetIndex(keyword);
            if (value is null)
            {
                Remove(keyword);
                return;
            }
            switch (index)
            {
                case 0: DataSource = Convert.ToString(value, CultureInfo.InvariantCulture); break;
                case 1: Mode = ParseEnum<LightningOpenMode>(value, ValidKeywords[index]); break;
                case 2: Durability = ParseEnum<Durability>(value, ValidKeywords[index]); break;
                case 3: CacheSize = ParseSize(value); break;
                default: DefaultTimeout = ParseTimeout(value); break;
            }
        }
    }

    /// <summary>Removes every keyword, restoring the defaults.</summary>
    public override void Clear()
    {
        base.Clear();
        for (int i = 0; i < ValidKeywords.Length; i++) Reset(i);
    }

    /// <summary>True when <paramref name="keyword"/> is a supported keyword (or alias), as in Microsoft.Data.Sqlite.</summary>
    public override bool ContainsKey(string keyword) => Index.ContainsKey(keyword ?? throw new ArgumentNullException(nameof(keyword)));

    /// <summary>Removes a keyword that was set, restoring its default; false when it was not set or is unknown.</summary>
    public override bool Remove(string keyword)
    {
        if (!Index.TryGetValue(keyword ?? throw new ArgumentNullException(nameof(keyword)), out int index) || !base.Remove(ValidKeywords[index])) return false;
        Reset(index);
        return true;
    }

    /// <summary>True when the keyword was set and so appears in the connection string.</summary>
    public override bool ShouldSerialize(string keyword) =>
        Index.TryGetValue(keyword ?? throw new ArgumentNullException(nameof(keyword)), out int index) && base.ShouldSerialize(ValidKeywords[index]);

    /// <summary>The value of a supported keyword (its default when unset); false only for an unknown keyword.</summary>
    public override bool TryGetValue(string keyword, [NotNullWhen(true)] out object? value)
    {
        if (!Index.TryGetValue(keyword ?? throw new ArgumentNullException(nameof(keyword)), out int index))
        {
            value = null;
            return false;
        }
        value = GetAt(index);
        return true;
    }

    private object GetAt(int index) => index switch
    {
        0 => _dataSource,
        1 => _mode,
        2 => _durability,
        3 => _cacheSize,
        _ => _defaultTimeout,
    };

    private void Reset(int index)
    {
        switch (index)
        {
            case 0: _dataSource = ""; break;
            case 1: _mode = LightningOpenMode.ReadWriteCreate; break;
            case 2: _durability = Durability.Full; break;
            case 3: _cacheSize = 0; break;
            default: _defaultTimeout = 30; break;
        }
    }

    private static int GetIndex(string keyword) =>
        Index.TryGetValue(keyword ?? throw new ArgumentNullException(nameof(keyword)), out int index)
            ? index
            : throw new ArgumentException($"Connection string keyword '{keyword}' is not supported. Supported: {string.Join(", ", ValidKeywords)}.", nameof(keyword));

    private static T ParseEnum<T>(object value, string keyword) where T : struct, Enum
    {
        if (value is T typed && Enum.IsDefined(typed)) return typed;
        string text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
        if (value is string && Enum.TryParse(text, ignoreCase: true, out T parsed) && Enum.IsDefined(parsed)) return parsed;
        if (value is int or long or short or byte && Enum.IsDefined((T)Enum.ToObject(typeof(T), value))) return (T)Enum.ToObject(typeof(T), value);
        throw new ArgumentException($"'{text}' is not a valid {keyword}; use one of: {string.Join(", ", Enum.GetNames<T>())}.", keyword);
    }

    private static T CheckDefined<T>(T value) where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ArgumentException($"{value} is not a valid {typeof(T).Name}.", nameof(value));

    private static T CheckNotNegative<T>(T value, string keyword) where T : struct, IComparable<T> =>
        value.CompareTo(default) < 0 ? throw new ArgumentException($"{keyword} must not be negative.", keyword) : value;

    private static int ParseTimeout(object value)
    {
        if (value is int i) return i;
        string text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed)
            ? parsed
            : throw new ArgumentException($"'{text}' is not a valid {DefaultTimeoutKey}: a whole number of seconds is required.", DefaultTimeoutKey);
    }

    /// <summary>Bytes, optionally with a unit: KB/MB/GB are powers of 1000, KiB/MiB/GiB powers of 1024 (K/M/G alone: 1024).</summary>
    private static long ParseSize(object value)
    {
        if (value is long l) return l;
        if (value is int i) return i;
        string text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
        int end = text.Length;
        while (end > 0 && char.IsLetter(text[end - 1])) end--;
        long multiplier = text[end..].ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" => 1000,
            "MB" => 1000 * 1000,
            "GB" => 1000 * 1000 * 1000,
            "K" or "KIB" => 1L << 10,
            "M" or "MIB" => 1L << 20,
            "G" or "GIB" => 1L << 30,
            _ => 0,
        };
        if (multiplier > 0 && long.TryParse(text.AsSpan(0, end).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
        {
            try
            {
                return checked(number * multiplier);
            }
            catch (OverflowException)
            {
            }
        }
        throw new ArgumentException($"'{text}' is not a valid {CacheSizeKey}: a number of bytes (optionally with KB, MB, GB, KiB, MiB or GiB) is required.", CacheSizeKey);
    }
}
