namespace Lightning.Data.Execution.Expressions;

/// <summary>SQL LIKE matching: <c>%</c> any run, <c>_</c> one character, ASCII letters case-insensitive (SQLite's default).</summary>
internal static class LikeMatcher
{
    public static bool Matches(string text, string pattern, char? escape, bool caseSensitive = false)
    {
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                char pc = pattern[p];
                if (escape is not null && pc == escape && p + 1 < pattern.Length)
                {
                    if (Same(pattern[p + 1], text[t], caseSensitive))
                    {
                        p += 2;
                        t++;
                        continue;
                    }
                }
                else if (pc == '%')
                {
                    starP = p++;
                    starT = t;
                    continue;
                }
                else if (pc == '_' || Same(pc, text[t], caseSensitive))
                {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0) return false;
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '%') p++;
        return p == pattern.Length;
    }

    /// <summary>The literal prefix of <paramref name="pattern"/> before its first wildcard, and whether the rest is exactly one trailing %.</summary>
    public static string LiteralPrefix(string pattern, char? escape, out bool prefixOnly)
    {
        var prefix = new System.Text.StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (escape is not null && c == escape && i + 1 < pattern.Length)
            {
                prefix.Append(pattern[++i]);
                continue;
            }
            if (c is '%' or '_')
            {
                prefixOnly = c == '%' && i == pattern.Length - 1;
                return prefix.ToString();
            }
            prefix.Append(c);
        }
        prefixOnly = false;
        return prefix.ToString();
    }

    private static bool Same(char a, char b, bool caseSensitive)
    {
        if (a == b) return true;
        if (caseSensitive) return false;
        if (a is >= 'a' and <= 'z') a = (char)(a - 32);
        if (b is >= 'a' and <= 'z') b = (char)(b - 32);
        return a == b;
    }
}
