using Lightning.Kv.Encoding;
using Lightning.Kv.Platform;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Tests.Wal;

/// <summary>Builds WAL segments on disk and reads them back, for the Wal tests.</summary>
internal static class WalTestFiles
{
    /// <summary>A valid write-set payload for <paramref name="sequence"/>, with a value of <paramref name="valueSize"/> bytes.</summary>
    public static byte[] Payload(ulong sequence, int valueSize = 24)
    {
        var builder = new WriteSetBuilder();
        byte[] value = new byte[valueSize];
        new Random((int)sequence).NextBytes(value);
        builder.Put(System.Text.Encoding.ASCII.GetBytes($"key-{sequence:D6}"), value);
        if (sequence % 3 == 0) builder.Delete(System.Text.Encoding.ASCII.GetBytes($"gone-{sequence}"));
        return builder.Encoded().ToArray();
    }

    public static byte[] Frame(ulong sequence, byte[] payload)
    {
        byte[] record = new byte[WalFormat.RecordHeaderSize + payload.Length];
        WalFormat.WriteRecord(record, sequence, payload);
        return record;
    }

    /// <summary>Writes a segment through <see cref="WalWriter"/>; returns each record's offset (plus the end offset last).</summary>
    public static List<long> WriteSegment(string path, IEnumerable<(ulong Sequence, byte[] Payload)> records, long number = 1)
    {
        var offsets = new List<long>();
        using WalWriter writer = WalWriter.Create(DiskFileSystem.Instance, path, number);
        long position = WalFormat.SegmentHeaderSize;
        foreach ((ulong sequence, byte[] payload) in records)
        {
            offsets.Add(position);
            byte[] record = Frame(sequence, payload);
            writer.Append(record);
            writer.LastSequence = sequence;
            position += record.Length;
        }
        writer.Sync();
        offsets.Add(position);
        return offsets;
    }

    public static (WalReader.Result Result, List<(ulong Sequence, byte[] Payload)> Records) Read(
        string path, bool isNewest, ulong expectedSequence = 0)
    {
        var records = new List<(ulong, byte[])>();
        using IStorageFile file = DiskFileSystem.Instance.Open(path, create: false);
        WalReader.Result result = WalReader.Read(file, isNewest, expectedSequence,
            (sequence, payload) => records.Add((sequence, payload.ToArray())));
        return (result, records);
    }
}
