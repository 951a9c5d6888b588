using System.Xml.Linq;
using Harness.Engine.Reporting;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Reporting;

public sealed class JUnitReporterTests
{
    private static XDocument Report()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "reports", "junit.xml");
        ReportFixtures.Feed(new JUnitReporter(path));
        return XDocument.Parse(File.ReadAllText(path));
    }

    [Test]
    public void Each_scenario_file_is_a_testsuite_and_each_scenario_a_testcase_in_plan_order()
    {
        var root = Report().Root!;

        root.Name.LocalName.ShouldBe("testsuites");
        (root.Attribute("tests")!.Value, root.Attribute("failures")!.Value, root.Attribute("errors")!.Value).ShouldBe(("4", "1", "1"));
        root.Elements("testsuite").Select(s => s.Attribute("name")!.Value).ShouldBe(["a.yaml", "b.yaml"]);
        root.Descendants("testcase").Select(c => c.Attribute("name")!.Value).ShouldBe(["echo", "other", "no transport", "later"]);
        var b = root.Elements("testsuite").Last();
        (b.Attribute("tests")!.Value, b.Attribute("errors")!.Value, b.Attribute("skipped")!.Value).ShouldBe(("3", "1", "1"));
        b.Attribute("timestamp")!.Value.ShouldBe("2026-01-02T03:04:05");
    }

    [Test]
    public void A_failed_scenario_is_a_failure_carrying_its_story_and_the_transcript_goes_to_system_out()
    {
        var echo = Report().Descendants("testcase").First();

        var failure = echo.Element("failure")!;
        failure.Attribute("message")!.Value.ShouldBe("differs at byte 7");
        failure.Attribute("type")!.Value.ShouldBe("expect");
        failure.Value.ShouldContain("step 3: expect text \"Hello, World!\" (test.yaml:6:5)");
        failure.Value.ShouldContain("first difference at byte 7");
        echo.Attribute("time")!.Value.ShouldBe("0.030");
        var output = echo.Element("system-out")!.Value;
        output.ShouldContain("step 4: close (test.yaml:7:5): not run");
        output.ShouldContain("transcript (last bytes each way):");
        output.ShouldContain("--> \"Hello, Server!\" (14 bytes)");
    }

    [Test]
    public void Characters_xml_cannot_hold_are_written_escaped_so_the_file_stays_valid()
    {
        var echo = Report().Descendants("testcase").First();

        echo.Element("failure")!.Value.ShouldContain("listening\\x07 on 127.0.0.1:7");
    }

    [Test]
    public void A_scenario_that_could_not_run_is_an_error_and_a_skipped_one_is_skipped()
    {
        var cases = Report().Descendants("testcase").ToList();

        cases[2].Element("error")!.Attribute("message")!.Value.ShouldBe("no transport plugin provides 'sctp'");
        cases[2].Element("error")!.Attribute("type")!.Value.ShouldBe("could-not-run");
        cases[3].Element("skipped")!.Attribute("message")!.Value.ShouldContain("--fail-fast");
        cases[1].Elements().Select(e => e.Name.LocalName).ShouldBe(["system-out"]);
    }

    [Test]
    public void The_shard_is_a_property_of_each_suite() =>
        Report().Descendants("property").First().Attributes().Select(a => a.Value).ShouldBe(["shard", "1/1"]);

    [TestCase("plain", "plain")]
    [TestCase("nul\0esc\u001b", "nul\\x00esc\\x1b")]
    [TestCase("pair \ud83d\ude00 kept", "pair \ud83d\ude00 kept")]
    public void Xml_text_replaces_only_what_xml_cannot_hold(string text, string clean) => XmlText.Clean(text).ShouldBe(clean);

    [Test]
    public void A_lone_surrogate_becomes_the_replacement_character() =>
        XmlText.Clean("lone " + (char)0xD800 + " surrogate").ShouldBe("lone \ufffd surrogate");
}
