using Harness.Engine.Model;
using Harness.Engine.Reporting;
using Harness.Engine.Running;

namespace Harness.Engine.Tests.Support;

/// <summary>Small test data, made up where a test does not care about the details.</summary>
internal static class Some
{
    public static Scenario Scenario(string name = "a scenario", string file = "suite.yaml", int line = 1, params string[] tags) =>
        new(name, null, tags, [], [], null, file, new SourceLocation(file, line, 1));

    /// <summary>Scenarios named s00, s01, ... spread over a few files.</summary>
    public static List<Scenario> Suite(int count) =>
        Enumerable.Range(0, count).Select(i => Scenario($"s{i:00}", $"file{i % 4}.yaml", line: 1 + (i * 10))).ToList();

    public static ScenarioResult Passed(Scenario scenario) => new(scenario, Outcome.Passed, TimeSpan.FromMilliseconds(12), [], null);

    public static ScenarioResult Failed(Scenario scenario, string message = "differs at byte 7") =>
        new(scenario, Outcome.Failed, TimeSpan.FromMilliseconds(34), [], new Failure(message));

    public static RunPlan Plan(params Scenario[] scenarios) =>
        new(scenarios, scenarios.Length, scenarios.Length, null, 1, DateTimeOffset.UnixEpoch);
}

/// <summary>A reporter that remembers every call, in order.</summary>
internal sealed class CollectingReporter : IReporter
{
    public List<string> Calls { get; } = [];

    public List<ScenarioResult> Results { get; } = [];

    public RunSummary? Summary { get; private set; }

    public void RunStarted(RunPlan plan) => Calls.Add($"started {plan.Scenarios.Count}");

    public void ScenarioStarted(Scenario scenario) => Calls.Add($"start {scenario.Name}");

    public void ScenarioFinished(ScenarioResult result)
    {
        Calls.Add($"finish {result.Scenario.Name} {result.Outcome}");
        Results.Add(result);
    }

    public void RunFinished(RunSummary summary)
    {
        Calls.Add("finished");
        Summary = summary;
    }
}
