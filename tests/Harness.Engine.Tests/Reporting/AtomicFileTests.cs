using Harness.Engine.Reporting;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Reporting;

public sealed class AtomicFileTests
{
    [Test]
    public void A_write_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("out/report.xml", "old");

        AtomicFile.Write(path, s => s.Write("new"u8));

        File.ReadAllText(path).ShouldBe("new");
        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBe([path]);
    }

    [Test]
    public void A_write_that_fails_half_way_leaves_the_old_file_as_it_was()
    {
        using var folder = new TempFolder();
        var path = folder.Write("report.json", "{\"old\": true}");

        Should.Throw<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("{\"half"u8);
            throw new InvalidOperationException("interrupted");
        }));

        File.ReadAllText(path).ShouldBe("{\"old\": true}");
        Directory.GetFiles(folder.Path).ShouldBe([path]);
    }

    [Test]
    public void Missing_folders_are_created()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "reports", "ci", "junit.xml");

        AtomicFile.Write(path, s => s.Write("x"u8));

        File.Exists(path).ShouldBeTrue();
    }
}
