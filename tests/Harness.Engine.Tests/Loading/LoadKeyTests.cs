using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>The scenario-level <c>load</c> key: the thresholds <c>harness load</c> checks.</summary>
public sealed class LoadKeyTests
{
    [Test]
    public void Thresholds_are_read_as_durations_and_a_percentage()
    {
        var load = Scenarios.Parse("name: x\nsteps:\n  - close\nload:\n  thresholds: { p99: 5ms, p99.9: 1.5s, max: 2s, error_rate: 0.1% }\n").Load!;

        load.Latency["p99"].ShouldBe(TimeSpan.FromMilliseconds(5));
        load.Latency["p99.9"].ShouldBe(TimeSpan.FromSeconds(1.5));
        load.Latency["max"].ShouldBe(TimeSpan.FromSeconds(2));
        load.Latency.ContainsKey("p50").ShouldBeFalse();
        load.ErrorRate!.Value.ShouldBe(0.001, 1e-12);
    }

    [Test]
    public void A_scenario_without_load_has_no_thresholds() =>
        Scenarios.Parse("name: x\nsteps:\n  - close\n").Load.ShouldBeNull();

    [Test]
    public void An_error_rate_must_be_a_percentage() =>
        Scenarios.Error("name: x\nsteps:\n  - close\nload:\n  thresholds: { error_rate: 0.1 }\n").Message
            .ShouldBe("test.yaml:5:29: load.thresholds.error_rate: '0.1' is not a percentage; expected one such as 0.1% or 5%");

    [Test]
    public void A_misspelt_threshold_gets_a_suggestion() =>
        Scenarios.Error("name: x\nsteps:\n  - close\nload:\n  thresholds: { eror_rate: 1% }\n").Message
            .ShouldBe("test.yaml:5:17: unknown key `eror_rate` in load.thresholds; did you mean `error_rate`?");

    [Test]
    public void A_latency_threshold_must_be_a_duration() =>
        Scenarios.Error("name: x\nsteps:\n  - close\nload:\n  thresholds: { p99: fast }\n").Message
            .ShouldContain("load.thresholds.p99: 'fast' is not a duration");
}
