using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>The scenario-level <c>parallel</c> key: whether a scenario may overlap with others.</summary>
public sealed class ParallelKeyTests
{
    [TestCase("parallel: false\n", false)]
    [TestCase("parallel: true\n", true)]
    [TestCase("", null)]
    public void Parallel_is_what_the_scenario_says_or_left_to_the_runner(string line, bool? parallel) =>
        Scenarios.Parse($"name: x\n{line}steps:\n  - close\n").Parallel.ShouldBe(parallel);

    [Test]
    public void Parallel_must_be_true_or_false() =>
        Scenarios.Error("name: x\nparallel: sometimes\nsteps:\n  - close\n").Message
            .ShouldBe("test.yaml:2:11: parallel must be true or false, not 'sometimes'");
}
