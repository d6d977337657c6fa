using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.Platform;

/// <summary>
/// <see cref="ThreadAffinity"/> against the real kernel: pin, read back with sched_getaffinity, restore. Each test
/// runs on a thread of its own so a pool thread is never left pinned.
/// </summary>
public sealed class NumaThreadAffinityTests
{
    [Fact]
    public void PinningToOneCpuIsVisibleAndRestorable()
    {
        RunOnOwnThread(() =>
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.False(ThreadAffinity.TryPinCurrentThread([0]));
                Assert.False(ThreadAffinity.TryGetCurrentThreadAffinity(out _));
                return;
            }
            Assert.True(ThreadAffinity.TryGetCurrentThreadAffinity(out int[] original));
            Assert.NotEmpty(original);
            int chosen = original[^1];
            Assert.True(ThreadAffinity.TryPinCurrentThread([chosen]));
            Assert.True(ThreadAffinity.TryGetCurrentThreadAffinity(out int[] pinned));
            Assert.Equal([chosen], pinned);
            Assert.True(ThreadAffinity.TryPinCurrentThread(original));
            Assert.True(ThreadAffinity.TryGetCurrentThreadAffinity(out int[] restored));
            Assert.Equal(original, restored);
        });
    }

    [Fact]
    public void ImpossibleSetsAreRefusedAndChangeNothing()
    {
        RunOnOwnThread(() =>
        {
            Assert.False(ThreadAffinity.TryPinCurrentThread([]));
            Assert.False(ThreadAffinity.TryPinCurrentThread([-1]));
            if (!OperatingSystem.IsLinux()) return;
            Assert.True(ThreadAffinity.TryGetCurrentThreadAffinity(out int[] before));
            Assert.False(ThreadAffinity.TryPinCurrentThread([4095])); // no such CPU here: the kernel says EINVAL
            Assert.True(ThreadAffinity.TryGetCurrentThreadAffinity(out int[] after));
            Assert.Equal(before, after);
        });
    }

    internal static void RunOnOwnThread(Action test)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                test();
            }
            catch (Exception error)
            {
                failure = error;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }
}
