using System.Text;
using Harness.Engine.Reporting;

namespace Harness.Engine.Tests.Reporting;

public sealed class TextDiffTests
{
    private static List<string> Diff(string expected, string received) =>
        TextDiff.Lines(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(received)).ToList();

    [Test]
    public void One_line_of_text_gets_a_caret_under_the_first_difference()
    {
        var lines = Diff("Hello, World!", "Hello, Server!");

        lines.ShouldBe([
            "first difference at byte 7:",
            "  expected: \"Hello, World!\"",
            "  received: \"Hello, Server!\"",
            "                    ^",
        ]);
        lines[3].IndexOf('^', StringComparison.Ordinal).ShouldBe(lines[2].IndexOf('S', StringComparison.Ordinal));
    }

    [Test]
    public void The_caret_counts_escaped_characters_as_they_are_shown()
    {
        var lines = Diff("a\tb=1", "a\tb=2");

        lines[3].IndexOf('^', StringComparison.Ordinal).ShouldBe(lines[2].IndexOf('2', StringComparison.Ordinal));
    }

    [Test]
    public void A_long_text_is_shown_from_a_little_before_the_difference()
    {
        var prefix = new string('x', 500);

        var lines = Diff(prefix + "A", prefix + "B");

        lines[0].ShouldBe("first difference at byte 500 (shown from byte 460):");
        lines[3].IndexOf('^', StringComparison.Ordinal).ShouldBe(lines[2].IndexOf('B', StringComparison.Ordinal));
    }

    [Test]
    public void Text_of_several_lines_gets_a_line_diff_with_carriage_returns_visible()
    {
        var lines = Diff("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");

        lines.ShouldBe([
            "diff (- expected, + received):",
            "    HTTP/1.1 200 OK\\r",
            "  - Content-Length: 6\\r",
            "  + Content-Length: 5\\r",
            "    \\r",
        ]);
    }

    [Test]
    public void Bytes_that_are_not_text_get_the_offset_and_a_hex_dump_of_what_was_expected()
    {
        var lines = TextDiff.Lines(new byte[] { 0, 1, 2, 0xfe }, new byte[] { 0, 1, 2, 0xff }).ToList();

        lines[0].ShouldBe("first difference at byte 3; the expected 4 bytes:");
        lines[1].ShouldStartWith("  00000000  00 01 02 fe");
    }

    [Test]
    public void Equal_bytes_have_no_diff() => Diff("same", "same").ShouldBeEmpty();
}
