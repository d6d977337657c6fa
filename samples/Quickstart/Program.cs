using System.Text;
using Lightning.Kv;

// Quickstart: open (or create) a database directory, write, read, scan, batch and run a transaction.
string path = args.Length > 0 ? args[0] : "quickstart.ldb";
using LightningDb db = LightningDb.Open(path);

byte[] Key(string text) => Encoding.UTF8.GetBytes(text);
string Text(byte[]? bytes) => bytes is null ? "(absent)" : Encoding.UTF8.GetString(bytes);

db.Put(Key("greeting"), Key("hello, world"));
Console.WriteLine($"greeting = {Text(db.Get(Key("greeting")))}");

var batch = new WriteBatch();
for (int i = 0; i < 5; i++) batch.Put(Key($"user:{i:D3}"), Key($"User number {i}"));
db.Write(batch); // all five or none
Console.WriteLine("users in key order:");
foreach (KeyValuePair<byte[], byte[]> entry in db.Scan(Key("user:"), Key("user;")))
    Console.WriteLine($"  {Text(entry.Key)} = {Text(entry.Value)}");

using (KvTransaction tx = db.BeginTransaction())
{
    long visits = long.Parse(Text(tx.Get(Key("visits"))) is "(absent)" ? "0" : Text(tx.Get(Key("visits"))));
    tx.Put(Key("visits"), Key((visits + 1).ToString()));
    tx.Commit(); // throws LightningConflictException if another transaction changed "visits" meanwhile
}
Console.WriteLine($"visits = {Text(db.Get(Key("visits")))} (run again: it counts up, the data is on disk in '{db.Path}')");

db.Delete(Key("greeting"));
Console.WriteLine($"greeting after delete = {Text(db.Get(Key("greeting")))}");
