using Harness.Engine.Loading;
using Harness.Engine.Model;

namespace Harness.Engine.Tests.Support;

/// <summary>Scenarios from YAML text, for tests.</summary>
internal static class Scenarios
{
    public static Scenario Parse(string yaml, LoadOptions? options = null, string? folder = null) =>
        new ScenarioLoader(options ?? new LoadOptions()).Load(yaml, "test.yaml", folder).Single();

    public static ScenarioException Error(string yaml, LoadOptions? options = null) =>
        Should.Throw<ScenarioException>(() => new ScenarioLoader(options ?? new LoadOptions()).Load(yaml, "test.yaml"));
}
