namespace Lightning.Kv.CrashWriter;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: Lightning.Kv.CrashWriter <database-directory> <seed>");
        return 2;
    }
}
