namespace Harness.Engine.Tests.Support.Fuzz;

/// <summary>
/// YAML made up from nothing: mappings and lists of the language's words, block or flow style, with values
/// drawn from the fragments, so that the fuzzer also reaches shapes no corpus file has.
/// </summary>
internal static class RandomYaml
{
    public static string Generate(Random random)
    {
        var writer = new System.Text.StringBuilder();
        if (random.Next(3) == 0)
        {
            writer.Append("name: ").Append(Scalar(random)).Append('\n');
        }

        Mapping(random, writer, indent: 0, depth: random.Next(1, 6));
        return writer.ToString();
    }

    private static void Mapping(Random random, System.Text.StringBuilder writer, int indent, int depth)
    {
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            writer.Append(' ', indent).Append(Pick(random, YamlFragments.Words)).Append(':');
            Value(random, writer, indent, depth);
        }
    }

    private static void Value(Random random, System.Text.StringBuilder writer, int indent, int depth)
    {
        switch (depth <= 0 ? 0 : random.Next(5))
        {
            case 0:
            case 1:
                writer.Append(' ').Append(Scalar(random)).Append('\n');
                break;
            case 2:
                writer.Append(' ').Append(Flow(random, depth)).Append('\n');
                break;
            case 3:
                writer.Append('\n');
                Mapping(random, writer, indent + 2, depth - 1);
                break;
            default:
                writer.Append('\n');
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    writer.Append(' ', indent + 2).Append("- ").Append(Pick(random, YamlFragments.Words)).Append(':');
                    Value(random, writer, indent + 4, depth - 1);
                }

                break;
        }
    }

    private static string Flow(Random random, int depth)
    {
        var items = Enumerable.Range(0, random.Next(0, 4))
            .Select(_ => depth > 1 && random.Next(3) == 0 ? Flow(random, depth - 1) : Scalar(random));
        return random.Next(2) == 0
            ? "[" + string.Join(", ", items) + "]"
            : "{" + string.Join(", ", items.Select(item => Pick(random, YamlFragments.Words) + ": " + item)) + "}";
    }

    private static string Scalar(Random random) => random.Next(8) switch
    {
        0 => Pick(random, YamlFragments.Numbers),
        1 => Pick(random, YamlFragments.Durations),
        2 => "\"" + Pick(random, YamlFragments.Variables) + "\"",
        3 => Pick(random, YamlFragments.Words),
        4 => "tcp://127.0.0.1:" + Pick(random, YamlFragments.Numbers),
        5 => Pick(random, YamlFragments.Tags) + Pick(random, YamlFragments.Words),
        6 => "'" + Pick(random, YamlFragments.Unicode) + Pick(random, YamlFragments.Controls) + "'",
        _ => "true",
    };

    public static string Pick(Random random, IReadOnlyList<string> choices) => choices[random.Next(choices.Count)];
}
