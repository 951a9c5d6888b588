using Harness.Engine.Loading;

namespace Harness.Engine.Tests.Loading;

public sealed class TextFormatsTests
{
    [TestCase("500ms", 500)]
    [TestCase("2s", 2000)]
    [TestCase("1.5s", 1500)]
    [TestCase("1m", 60000)]
    public void Durations_are_read_with_their_unit(string text, int milliseconds)
    {
        Durations.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [TestCase("5")]
    [TestCase("5 seconds")]
    [TestCase("s")]
    [TestCase("-1s")]
    public void Durations_without_a_known_unit_are_rejected(string text) =>
        Durations.TryParse(text, out _).ShouldBeFalse();

    [TestCase("exepct", "expect")]
    [TestCase("conect", "connect")]
    [TestCase("sned", "send")]
    public void Typos_suggest_the_nearest_word(string typo, string meant) =>
        Suggestions.Nearest(typo, ["connect", "send", "expect", "close"]).ShouldBe(meant);

    [Test]
    public void Unrelated_words_suggest_nothing() =>
        Suggestions.Nearest("banana", ["connect", "send", "expect", "close"]).ShouldBeNull();

    [Test]
    public void Odd_hex_digits_are_rejected()
    {
        HexText.TryParse("abc", out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain("odd number");
    }
}
