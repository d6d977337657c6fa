namespace Lightning.Kv.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void PutGetScanSurviveFlushAndReopen()
    {
        using var dir = new TestDirectory();
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            for (int i = 0; i < 5000; i++)
            {
                string key = $"k{i * 7919 % 5000:D5}";
                db.Put(System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes("v" + i));
                expected[key] = "v" + i;
            }
            for (int i = 0; i < 5000; i += 3)
            {
                string key = $"k{i:D5}";
                db.Delete(System.Text.Encoding.UTF8.GetBytes(key));
                expected.Remove(key);
            }
            db.Flush();
            Check(db, expected);
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            Check(db, expected);
        }
    }

    private static void Check(LightningDb db, SortedDictionary<string, string> expected)
    {
        var forward = new List<string>();
        foreach (var entry in db.Scan(null, null))
        {
            string key = System.Text.Encoding.UTF8.GetString(entry.Key);
            forward.Add(key);
            Assert.Equal(expected[key], System.Text.Encoding.UTF8.GetString(entry.Value));
        }
        Assert.Equal(expected.Keys, forward);
        var backward = new List<string>();
        foreach (var entry in db.Scan(null, null, reverse: true)) backward.Add(System.Text.Encoding.UTF8.GetString(entry.Key));
        backward.Reverse();
        Assert.Equal(expected.Keys, backward);
        foreach (var pair in expected)
            Assert.Equal(pair.Value, System.Text.Encoding.UTF8.GetString(db.Get(System.Text.Encoding.UTF8.GetBytes(pair.Key))!));
    }
}
