using System.Text.Json;
using Harness.Engine.Model;

namespace Harness.Engine.Tests.Running;

/// <summary>The JSONPath subset: $, .name, [index] (negative from the end) and ['name'].</summary>
public sealed class JsonPathTests
{
    private static readonly JsonElement Document = JsonDocument.Parse("""{"a": {"b c": [10, {"d": true}]}, "list": [1, 2, 3]}""").RootElement;

    [TestCase("$", """{"a": {"b c": [10, {"d": true}]}, "list": [1, 2, 3]}""")]
    [TestCase("$.list[0]", "1")]
    [TestCase("$.list[-1]", "3")]
    [TestCase("$.a['b c'][1].d", "true")]
    [TestCase("$[\"a\"][\"b c\"][0]", "10")]
    public void A_path_finds_its_value(string path, string expected)
    {
        JsonPath.TryParse(path, out var parsed, out _, out var error).ShouldBeTrue(error);

        parsed!.Find(Document, out var missing)!.Value.GetRawText().ShouldBe(expected, missing);
    }

    [Test]
    public void A_missing_step_says_where_the_path_stopped()
    {
        JsonPath.TryParse("$.a.x.y", out var path, out _, out _).ShouldBeTrue();

        path!.Find(Document, out var missing).ShouldBeNull();
        missing.ShouldBe("$.a has no 'x' (it is an object)");
    }

    [TestCase("a.b", 0, "starts with $")]
    [TestCase("$.", 2, "a name must follow")]
    [TestCase("$[1", 1, "no closing")]
    [TestCase("$[*]", 1, "neither an index")]
    [TestCase("$a", 1, "unexpected 'a'")]
    public void A_malformed_path_is_refused_at_its_offset(string path, int offset, string reason)
    {
        JsonPath.TryParse(path, out _, out var at, out var error).ShouldBeFalse();

        at.ShouldBe(offset);
        error.ShouldNotBeNull().ShouldContain(reason);
    }
}
