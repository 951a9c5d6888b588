using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

public sealed class ScenarioFilterTests
{
    private static readonly Harness.Engine.Model.Scenario Echo = Some.Scenario("TCP echo", tags: ["smoke", "tcp"]);
    private static readonly Harness.Engine.Model.Scenario Relay = Some.Scenario("chat relay", tags: ["slow", "tcp"]);
    private static readonly Harness.Engine.Model.Scenario Datagram = Some.Scenario("UDP echo", tags: ["smoke-udp"]);

    private static List<string> Matching(params string[] filters) =>
        new[] { Echo, Relay, Datagram }.Where(ScenarioFilter.Parse(filters).Matches).Select(s => s.Name).ToList();

    [Test]
    public void No_filter_takes_everything() => Matching().Count.ShouldBe(3);

    [Test]
    public void A_tag_names_the_whole_tag_not_a_prefix() => Matching("tag:smoke").ShouldBe(["TCP echo"]);

    [Test]
    public void A_tag_may_be_a_glob() => Matching("tag:smoke*").ShouldBe(["TCP echo", "UDP echo"]);

    [Test]
    public void A_name_without_wildcards_is_a_substring_ignoring_case() => Matching("name:ECHO").ShouldBe(["TCP echo", "UDP echo"]);

    [Test]
    public void A_bare_filter_is_a_name() => Matching("relay").ShouldBe(["chat relay"]);

    [Test]
    public void A_glob_matches_the_whole_name() => Matching("name:*echo").ShouldBe(["TCP echo", "UDP echo"]);

    [Test]
    public void Filters_of_one_kind_are_alternatives() => Matching("tag:smoke", "tag:slow").ShouldBe(["TCP echo", "chat relay"]);

    [Test]
    public void Filters_of_different_kinds_must_all_match() => Matching("tag:tcp", "name:*echo*").ShouldBe(["TCP echo"]);

    [Test]
    public void An_exclusion_removes_what_it_matches() => Matching("tag:tcp", "!tag:slow").ShouldBe(["TCP echo"]);

    [Test]
    public void An_unknown_kind_of_filter_is_refused() =>
        Should.Throw<FormatException>(() => ScenarioFilter.Parse(["file:x"])).Message.ShouldContain("unknown filter `file:`");
}
