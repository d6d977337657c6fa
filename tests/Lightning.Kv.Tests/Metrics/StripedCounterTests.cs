using System.Diagnostics.Metrics;
using Lightning.Kv.Metrics;

namespace Lightning.Kv.Tests.Metrics;

/// <summary>The exact counters and the sampled operation recorder.</summary>
[Collection(MeterCollection.Name)]
public sealed class StripedCounterTests
{
    [Fact]
    public void EightThreadsIncrementingLoseNothing()
    {
        var counter = new StripedCounter();
        var workers = new Thread[8];
        for (int t = 0; t < workers.Length; t++)
        {
            workers[t] = new Thread(() =>
            {
                for (int i = 0; i < 200_000; i++) counter.Increment();
            });
        }
        foreach (Thread worker in workers) worker.Start();
        foreach (Thread worker in workers) worker.Join();
        Assert.Equal(8 * 200_000, counter.Read());
    }

    [Fact]
    public void ASampledRecorderCountsEveryOperationAndTimesAboutOneInEight()
    {
        using var meter = new Meter("Lightning.Kv.Tests.Sampling");
        Histogram<double> unheard = meter.CreateHistogram<double>("unheard", "s"); // no listener: sampling applies
        var recorder = new OperationRecorder(unheard, "/db", sampleShift: 3);
        const int operations = 80_000;
        for (int i = 0; i < operations; i++) recorder.Stop(recorder.Start());
        Assert.Equal(operations, recorder.Count);
        LatencyHistogramSnapshot snapshot = recorder.Snapshot();
        Assert.Equal(0, snapshot.Count % 8); // each timed operation stands for 8
        // 10,000 expected samples; the binomial standard deviation is ~94 samples, so ±10% is > 10 sigma.
        Assert.InRange(snapshot.Count, operations * 0.9, operations * 1.1);
    }

    [Fact]
    public void AnUnsampledRecorderTimesEveryOperation()
    {
        using var meter = new Meter("Lightning.Kv.Tests.Unsampled");
        var recorder = new OperationRecorder(meter.CreateHistogram<double>("unheard", "s"), "/db", sampleShift: 0);
        for (int i = 0; i < 1000; i++) recorder.Stop(recorder.Start());
        Assert.Equal(1000, recorder.Count);
        Assert.Equal(1000, recorder.Snapshot().Count);
    }

    [Fact]
    public void ALockWaitIsRecordedOnlyWhenTheLockWasHeld()
    {
        var counter = new LockWaitCounter();
        var gate = new Lock();
        counter.Enter(gate); // free: no wait
        gate.Exit();
        Assert.Equal(0, counter.Waits);

        gate.Enter(); // held by this thread while another one tries
        var waiter = new Thread(() =>
        {
            counter.Enter(gate);
            gate.Exit();
        });
        waiter.Start();
        Thread.Sleep(50);
        gate.Exit();
        waiter.Join();
        Assert.Equal(1, counter.Waits);
        Assert.True(counter.TotalWait > TimeSpan.Zero);
    }
}
