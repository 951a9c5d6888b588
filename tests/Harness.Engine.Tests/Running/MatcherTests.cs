using System.Text;
using System.Text.RegularExpressions;
using Harness.Engine.Running;

namespace Harness.Engine.Tests.Running;

public sealed class MatcherTests
{
    [Test]
    public void Exact_over_growing_data_finds_a_difference_in_a_later_piece_at_its_true_position()
    {
        // Given a large expectation decided over data that grows one receive at a time
        var expected = new byte[100_000];
        Random.Shared.NextBytes(expected);
        var received = expected.ToArray();
        received[77_777] ^= 0xFF;
        var matcher = new ExactMatcher(expected, "bytes");

        // When the pieces before the difference arrive, it waits; when the piece with it arrives, it fails there
        for (var length = 10_000; length <= 70_000; length += 10_000)
        {
            matcher.Match(received.AsSpan(0, length), complete: false).Status.ShouldBe(MatchStatus.NeedMore);
        }

        var result = matcher.Match(received.AsSpan(0, 80_000), complete: false);
        result.Status.ShouldBe(MatchStatus.Mismatch);
        result.Reason.ShouldBe("differs at byte 77777");
    }

    [Test]
    public void Exact_over_growing_data_matches_when_the_last_piece_arrives()
    {
        var expected = Utf8("Hello, Server!");
        var matcher = new ExactMatcher(expected, "text");

        matcher.Match(expected.Span[..5], complete: false).Status.ShouldBe(MatchStatus.NeedMore);
        matcher.Match(expected.Span[..9], complete: false).Status.ShouldBe(MatchStatus.NeedMore);
        matcher.Match(expected.Span, complete: false).ShouldBe(MatchResult.Match(14));
    }

    [Test]
    public void Exact_waits_for_more_while_the_prefix_agrees()
    {
        var matcher = new ExactMatcher(Utf8("Hello"), "text");

        matcher.Match(Utf8("Hel").Span, complete: false).Status.ShouldBe(MatchStatus.NeedMore);
    }

    [Test]
    public void Exact_fails_at_the_first_differing_byte_without_waiting()
    {
        var result = new ExactMatcher(Utf8("Hello"), "text").Match(Utf8("Hex").Span, complete: false);

        result.Status.ShouldBe(MatchStatus.Mismatch);
        result.Reason.ShouldBe("differs at byte 2");
    }

    [Test]
    public void Exact_on_a_stream_leaves_the_following_bytes_for_the_next_expectation()
    {
        var result = new ExactMatcher(Utf8("Hello"), "text").Match(Utf8("HelloWorld").Span, complete: false);

        result.ShouldBe(MatchResult.Match(5));
    }

    [Test]
    public void Exact_on_a_datagram_rejects_extra_bytes()
    {
        var result = new ExactMatcher(Utf8("Hello"), "text") { IsDatagram = true }.Match(Utf8("Hello!").Span, complete: true);

        result.Status.ShouldBe(MatchStatus.Mismatch);
    }

    [Test]
    public void Regex_waits_for_the_rest_of_a_split_utf8_character()
    {
        var euro = Encoding.UTF8.GetBytes("price: €");
        var matcher = new RegexMatcher(new Regex("€"));

        matcher.Match(euro.AsSpan(0, euro.Length - 1), complete: false).Status.ShouldBe(MatchStatus.NeedMore);
        matcher.Match(euro, complete: false).ShouldBe(MatchResult.Match(euro.Length));
    }

    [Test]
    public void Contains_consumes_through_the_end_of_the_match()
    {
        new ContainsMatcher(Utf8("OK"), "contains").Match(Utf8("xxOKyy").Span, complete: false).ShouldBe(MatchResult.Match(4));
    }

    [Test]
    public void Closed_fails_when_bytes_arrive_instead()
    {
        new ClosedMatcher().Match(Utf8("x").Span, complete: false).Status.ShouldBe(MatchStatus.Mismatch);
        new ClosedMatcher().Match([], complete: true).Status.ShouldBe(MatchStatus.Matched);
    }

    [TestCase(new byte[] { 0x41 }, 0)]
    [TestCase(new byte[] { 0x41, 0xE2 }, 1)]
    [TestCase(new byte[] { 0x41, 0xE2, 0x82 }, 2)]
    [TestCase(new byte[] { 0x41, 0xE2, 0x82, 0xAC }, 0)]
    [TestCase(new byte[] { 0xF0, 0x9F, 0x98 }, 3)]
    public void An_incomplete_trailing_utf8_sequence_is_measured(byte[] bytes, int tail) =>
        RegexMatcher.IncompleteTail(bytes).ShouldBe(tail);

    private static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
