using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>Messages quote the file; a control character copied from it is written out, never sent to the terminal.</summary>
public sealed class ControlCharacterMessageTests
{
    [Test]
    public void A_terminal_escape_in_a_misspelt_key_is_shown_written_out()
    {
        var error = Scenarios.Error("name: x\nsteps:\n  - connect: tcp://127.0.0.1:7\n    \"tim\\e[31meout\": 2s\n");

        error.Message.ShouldNotContain("\u001b");
        error.Message.ShouldContain("tim\\x1b[31meout");
    }

    [Test]
    public void A_line_break_in_a_quoted_value_keeps_the_message_on_one_line()
    {
        var error = new ScenarioException(new SourceLocation("f.yaml", 3, 5), "step `sen\r\nd` is unknown");

        error.Message.ShouldBe("f.yaml:3:5: step `sen\\r\\nd` is unknown");
        error.Problem.ShouldNotContain("\n");
    }

    [Test]
    public void Tabs_and_other_text_pass_unchanged() =>
        new ScenarioException(new SourceLocation("f.yaml", 1, 1), "a\tb é 中").Problem.ShouldBe("a\tb é 中");
}
