using System.Text;
using Harness.Engine.Reporting;

namespace Harness.Engine.Tests.Reporting;

public sealed class BytePreviewTests
{
    [Test]
    public void Printable_text_is_quoted_with_line_endings_visible() =>
        BytePreview.Describe(Encoding.UTF8.GetBytes("OK\r\n")).ShouldBe(["\"OK\\r\\n\" (4 bytes)"]);

    [Test]
    public void Binary_bytes_are_shown_as_a_hex_dump()
    {
        var lines = BytePreview.Describe(new byte[] { 0x00, 0x41, 0xff }).ToList();

        lines[0].ShouldBe("3 bytes:");
        lines[1].ShouldStartWith("00000000  00 41 ff");
        lines[1].ShouldEndWith("|.A.|");
    }
}
