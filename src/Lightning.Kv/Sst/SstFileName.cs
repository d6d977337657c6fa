using System.Globalization;

namespace Lightning.Kv.Sst;

/// <summary>Names of sorted-run files: the file number in at least six decimal digits, then <c>.sst</c> (<c>000042.sst</c>).</summary>
internal static class SstFileName
{
    /// <summary>The extension of every sorted-run file.</summary>
    public const string Extension = ".sst";

    /// <summary>The file name (not a path) of run <paramref name="fileNumber"/>.</summary>
    public static string For(ulong fileNumber) => fileNumber.ToString("D6", CultureInfo.InvariantCulture) + Extension;

    /// <summary>Parses a name made by <see cref="For"/>; false for anything else (other files, number 0, signs, spaces).</summary>
    public static bool TryParse(string fileName, out ulong fileNumber)
    {
        fileNumber = 0;
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal)) return false;
        ReadOnlySpan<char> digits = fileName.AsSpan(0, fileName.Length - Extension.Length);
        if (digits.Length < 6) return false;
        foreach (char c in digits)
            if (c < '0' || c > '9') return false;
        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out fileNumber) && fileNumber > 0;
    }
}
