using System.Diagnostics.CodeAnalysis;

namespace Lightning.Kv;

/// <summary>Throw helpers kept out of hot methods so those stay small enough to inline.</summary>
internal static class Throw
{
    [DoesNotReturn]
    public static void Disposed(string what) =>
        throw new LightningException(LightningErrorCode.ObjectDisposed, $"The {what} has been disposed.");

    [DoesNotReturn]
    public static void KeyTooLarge(int length) =>
        throw new LightningException(LightningErrorCode.KeyTooLarge,
            $"Key of {length} bytes exceeds the maximum key size of {KvLimits.MaxKeySize} bytes.");

    [DoesNotReturn]
    public static void EmptyKey() =>
        throw new LightningException(LightningErrorCode.InvalidArgument, "Keys must be at least one byte long.");

    [DoesNotReturn]
    public static void ValueTooLarge(long length) =>
        throw new LightningException(LightningErrorCode.ValueTooLarge,
            $"Value of {length} bytes exceeds the maximum value size of {KvLimits.MaxValueSize} bytes.");

    [DoesNotReturn]
    public static void BatchTooLarge(long length) =>
        throw new LightningException(LightningErrorCode.BatchTooLarge,
            $"Write set of {length} bytes exceeds the maximum of {KvLimits.MaxBatchSize} bytes per commit.");

    [DoesNotReturn]
    public static void Corrupt(string path, long offset, string detail) =>
        throw new LightningCorruptionException(path, offset, detail);

    [DoesNotReturn]
    public static void Invalid(string message) =>
        throw new LightningException(LightningErrorCode.InvalidArgument, message);
}
