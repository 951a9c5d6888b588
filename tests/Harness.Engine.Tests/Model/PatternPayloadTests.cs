using Harness.Engine.Model;

namespace Harness.Engine.Tests.Model;

public sealed class PatternPayloadTests
{
    private static string? NoVariables(string name) => null;

    [Test]
    public void A_constant_pattern_is_built_once_and_reused()
    {
        var payload = new PatternPayload(Template.Literal("abc"), 10);

        var first = payload.Resolve(NoVariables);
        var second = payload.Resolve(NoVariables);

        System.Text.Encoding.UTF8.GetString(first.Span).ShouldBe("abcabcabca");
        second.Equals(first).ShouldBeTrue("the same bytes, not a new copy");
    }

    [Test]
    public void A_pattern_with_a_variable_is_built_each_time_with_its_value()
    {
        var payload = new PatternPayload(new Template("${x}", [new TemplatePart(string.Empty, "x")]), 4);
        var value = "a";

        var first = System.Text.Encoding.UTF8.GetString(payload.Resolve(_ => value).Span);
        value = "b";
        var second = System.Text.Encoding.UTF8.GetString(payload.Resolve(_ => value).Span);

        first.ShouldBe("aaaa");
        second.ShouldBe("bbbb");
    }

    [Test]
    public void Building_the_bytes_does_not_change_equality()
    {
        var template = Template.Literal("abc");
        var built = new PatternPayload(template, 10);
        _ = built.Resolve(NoVariables);

        built.ShouldBe(new PatternPayload(template, 10));
        built.GetHashCode().ShouldBe(new PatternPayload(template, 10).GetHashCode());
    }
}
