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

    [Test]
    public void Bytes_that_are_the_first_of_more_say_how_many_there_were()
    {
        BytePreview.Describe(Encoding.UTF8.GetBytes("yyyy"), total: 67108864).ShouldBe(["\"yyyy\" (67108864 bytes; the report keeps the first 4)"]);
        BytePreview.Describe(new byte[] { 0 }, total: 1000).First().ShouldBe("1000 bytes; the report keeps the first 1:");
        BytePreview.Describe(Encoding.UTF8.GetBytes("ok"), total: 2).ShouldBe(["\"ok\" (2 bytes)"]);
    }
}
