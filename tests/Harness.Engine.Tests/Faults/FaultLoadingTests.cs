using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Faults;

/// <summary>How <c>faults:</c> is read: where it applies, how the directions combine, and the mistakes it reports.</summary>
public sealed class FaultLoadingTests
{
    [Test]
    public void Scenario_faults_apply_to_every_connect_unless_a_connect_sets_its_own_or_none()
    {
        var scenario = Scenarios.Parse("""
            name: faults
            faults: { latency: 20ms }
            steps:
              - connect: tcp://127.0.0.1:7
              - connect: { to: "tcp://127.0.0.1:7", as: b, faults: { chunk: 3 } }
              - connect: { to: "tcp://127.0.0.1:7", as: c, faults: {} }
              - repeat: 1
                steps:
                  - connect: { to: "tcp://127.0.0.1:7", as: d }
            """);

        var connects = scenario.Steps.OfType<ConnectStep>().ToList();
        connects[0].Faults!.Receive.Latency.ShouldBe(TimeSpan.FromMilliseconds(20));
        connects[1].Faults!.Send.Chunk.ShouldBe(3);
        connects[1].Faults!.Send.Latency.ShouldBe(TimeSpan.Zero);
        connects[2].Faults.ShouldBeNull();
        ((ConnectStep)((RepeatStep)scenario.Steps[3]).Steps[0]).Faults!.Send.Latency.ShouldBe(TimeSpan.FromMilliseconds(20));
    }

    [Test]
    public void Fields_under_faults_apply_both_ways_and_a_direction_overrides_them()
    {
        var faults = Scenarios.Parse("""
            name: directions
            faults:
              latency: 50ms
              jitter: 10ms
              seed: 42
              send: { chunk: 1, delay: 0ms }
              receive: { latency: 100ms, close_after: 1KiB, bandwidth: 8KiB/s }
            steps:
              - connect: tcp://127.0.0.1:7
            """).Faults!;

        faults.Seed.ShouldBe(42);
        faults.Send.ShouldBe(new DirectionFaults { Latency = TimeSpan.FromMilliseconds(50), Jitter = TimeSpan.FromMilliseconds(10), Chunk = 1, ChunkDelay = TimeSpan.Zero });
        faults.Receive.Latency.ShouldBe(TimeSpan.FromMilliseconds(100));
        faults.Receive.Jitter.ShouldBe(TimeSpan.FromMilliseconds(10));
        faults.Receive.CloseAfter.ShouldBe(new Cut(1024, null));
        faults.Receive.BytesPerSecond.ShouldBe(8192);
    }

    [TestCase("close_after: 2s", null, 2000)]
    [TestCase("close_after: 100", 100L, null)]
    [TestCase("reset_after: 64KiB", 65536L, null)]
    [TestCase("reset_after: 0", 0L, null)]
    public void A_cut_is_a_number_of_bytes_or_a_time(string field, long? bytes, int? milliseconds)
    {
        var faults = Scenarios.Parse($$"""
            name: cut
            faults: { {{field}} }
            steps:
              - connect: tcp://127.0.0.1:7
            """).Faults!;

        var cut = faults.Send.CloseAfter ?? faults.Send.ResetAfter;
        cut.ShouldBe(new Cut(bytes, milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null));
    }

    [TestCase("drop: 10%", 0.1)]
    [TestCase("drop: 0.25", 0.25)]
    [TestCase("drop: 100%", 1.0)]
    public void A_chance_is_a_percentage_or_a_fraction(string field, double chance) =>
        Scenarios.Parse($$"""
            name: chance
            faults: { {{field}} }
            steps:
              - connect: udp://127.0.0.1:7
            """).Faults!.Receive.Drop.ShouldBe(chance, 1e-9);

    [TestCase("faults: { chunck: 1 }", 2, 11, "unknown key `chunck` in faults; did you mean `chunk`?")]
    [TestCase("faults: { send: { latncy: 5ms } }", 2, 19, "did you mean `latency`?")]
    [TestCase("faults: { drop: 150% }", 2, 17, "faults.drop: '150%' is not a chance")]
    [TestCase("faults: { drop: 2 }", 2, 17, "a fraction from 0 to 1")]
    [TestCase("faults: { bandwidth: fast }", 2, 22, "faults.bandwidth: 'fast' is not a rate; expected bytes a second such as 64KiB/s")]
    [TestCase("faults: { bandwidth: 64KiB }", 2, 22, "is not a rate")]
    [TestCase("faults: { close_after: soon }", 2, 24, "faults.close_after: 'soon' is neither a number of bytes (100, 1KiB) nor a duration")]
    [TestCase("faults: { chunk: 0 }", 2, 18, "faults.chunk must be a whole number from 1 to")]
    [TestCase("faults: { latency: fast }", 2, 20, "faults.latency: 'fast' is not a duration")]
    [TestCase("faults: { latency: 5ms, jitter: 10ms }", 2, 33, "faults.jitter: 10 ms is more than the latency (5 ms)")]
    [TestCase("faults: { stall: maybe }", 2, 18, "faults.stall must be true or false")]
    [TestCase("faults: { seed: -1 }", 2, 17, "faults.seed must be a whole number from 0")]
    [TestCase("faults: [chunk]", 2, 9, "faults must be a mapping")]
    public void A_mistake_in_faults_is_reported_at_its_place(string line, int row, int column, string message)
    {
        var error = Scenarios.Error($"""
            name: wrong
            {line}
            steps:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldContain(message);
        (error.Location.Line, error.Location.Column).ShouldBe((row, column));
    }

    [Test]
    public void A_faulty_connect_says_so_where_steps_are_described() =>
        Scenarios.Parse("""
            name: described
            steps:
              - connect: { to: "tcp://127.0.0.1:7", faults: { send: { chunk: 1 }, receive: { latency: 100ms } } }
            """).Steps[0].Describe().ShouldBe("connect tcp://127.0.0.1:7 through faults (send: 1-byte pieces 10 ms apart; receive: latency 100 ms)");
}
