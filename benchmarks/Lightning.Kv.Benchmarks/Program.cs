namespace Lightning.Kv.Benchmarks; public static class Program { public static void Main() { } }
