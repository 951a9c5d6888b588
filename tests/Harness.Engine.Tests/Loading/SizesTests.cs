using Harness.Engine.Loading;

namespace Harness.Engine.Tests.Loading;

public sealed class SizesTests
{
    [TestCase("4096", 4096)]
    [TestCase("512B", 512)]
    [TestCase("10 bytes", 10)]
    [TestCase("64KiB", 64 * 1024)]
    [TestCase("1KB", 1000)]
    [TestCase("1.5MiB", 1024 * 1024 * 3 / 2)]
    [TestCase(" 2 MB ", 2_000_000)]
    [TestCase("1GiB", 1024L * 1024 * 1024)]
    public void A_size_is_read_in_bytes_with_exact_units(string text, long expected)
    {
        Sizes.TryParse(text, out var bytes).ShouldBeTrue();
        bytes.ShouldBe(expected);
    }

    [TestCase("")]
    [TestCase("KiB")]
    [TestCase("1.5B")]
    [TestCase("12 parsecs")]
    [TestCase("-1")]
    [TestCase("1kib")]
    [TestCase("99999999999999999999GiB")]
    public void Anything_else_is_not_a_size(string text) => Sizes.TryParse(text, out _).ShouldBeFalse();

    [TestCase(512, "512 B")]
    [TestCase(64 * 1024, "64 KiB")]
    [TestCase(1024 * 1024 * 3 / 2, "1.5 MiB")]
    public void A_size_is_shown_in_binary_units(long bytes, string expected) => Sizes.Format(bytes).ShouldBe(expected);
}
