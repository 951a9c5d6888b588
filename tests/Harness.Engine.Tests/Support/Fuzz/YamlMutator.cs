using System.Text;

namespace Harness.Engine.Tests.Support.Fuzz;

/// <summary>One fuzz input: the text and where it started from (a corpus entry, or made up).</summary>
internal sealed record FuzzInput(int Number, string Text, CorpusEntry Source, IReadOnlyList<string> Mutations);

/// <summary>
/// Makes fuzz inputs from a corpus: each input number has its own random generator derived from the run's
/// seed, so that input N of seed S is always the same text, whatever ran before it. An input is a corpus
/// text (or random YAML) with one to four mutations: character and bit flips, deleted, duplicated and
/// swapped lines, truncation, indentation changes, inserted fragments, replaced values, renamed keys, and
/// splices of two texts.
/// </summary>
internal sealed class YamlMutator(IReadOnlyList<CorpusEntry> corpus, int seed)
{
    private static readonly CorpusEntry MadeUp = new("(random YAML)", Path.GetTempPath(), string.Empty);

    private static readonly string[][] Fragments =
    [
        YamlFragments.AnchorsAndAliases, YamlFragments.Tags, YamlFragments.Flow, YamlFragments.Variables,
        YamlFragments.Numbers, YamlFragments.Durations, YamlFragments.Unicode, YamlFragments.Controls,
        YamlFragments.Structure, YamlFragments.Words,
    ];

    private static readonly string Interesting = ":-?[]{},#&*!|>'\"%@`\\$ \t\n\r0123456789azAZé\0\u0001\u00A0\uFEFF\u2028";

    public int Seed => seed;

    public FuzzInput Make(int number)
    {
        var random = new Random(FuzzSeed.Derive(seed, number));
        var source = random.Next(10) == 0 ? MadeUp : corpus[random.Next(corpus.Count)];
        var text = source == MadeUp ? RandomYaml.Generate(random) : source.Text;
        var applied = new List<string>();
        for (var i = random.Next(4) == 0 ? random.Next(2, 5) : 1; i > 0; i--)
        {
            (text, var name) = Mutate(random, text);
            applied.Add(name);
        }

        return new FuzzInput(number, AsReadFromAFile(text), source, applied);
    }

    /// <summary>
    /// The text as `harness validate` would read it from a file holding it: UTF-8 cannot hold a lone surrogate
    /// (it becomes U+FFFD) and a leading byte order mark is dropped. So the loader sees here what it would see
    /// there, and a saved input replays as it ran.
    /// </summary>
    private static string AsReadFromAFile(string text)
    {
        using var reader = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private (string Text, string Name) Mutate(Random random, string text) => random.Next(100) switch
    {
        < 10 => (FlipChar(random, text), "char flip"),
        < 15 => (FlipBit(random, text), "bit flip"),
        < 22 => (EditLines(random, text, (lines, i) => lines.RemoveAt(i)), "line deleted"),
        < 28 => (EditLines(random, text, (lines, i) => lines.Insert(i, lines[i])), "line duplicated"),
        < 34 => (EditLines(random, text, (lines, i) => (lines[i], lines[^1]) = (lines[^1], lines[i])), "lines swapped"),
        < 38 => (text[..random.Next(text.Length + 1)], "truncated"),
        < 46 => (EditLines(random, text, (lines, i) => lines[i] = Reindent(random, lines[i])), "indentation changed"),
        < 64 => (Insert(random, text, Fragment(random)), "fragment inserted"),
        < 78 => (ReplaceValue(random, text, random.Next(25) == 0 ? RandomYaml.Pick(random, YamlFragments.Heavy) : Fragment(random)), "value replaced"),
        < 87 => (RenameKey(random, text), "key renamed"),
        < 94 => (Splice(random, text), "spliced with another text"),
        < 97 => (DeleteRange(random, text), "range deleted"),
        _ => (Insert(random, text, RandomYaml.Pick(random, YamlFragments.Heavy)), "heavy value inserted"),
    };

    private static string Fragment(Random random) => RandomYaml.Pick(random, Fragments[random.Next(Fragments.Length)]);

    private static string FlipChar(Random random, string text)
    {
        if (text.Length == 0)
        {
            return Interesting[random.Next(Interesting.Length)].ToString();
        }

        var chars = text.ToCharArray();
        chars[random.Next(chars.Length)] = Interesting[random.Next(Interesting.Length)];
        return new string(chars);
    }

    private static string FlipBit(Random random, string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = (char)(chars[at] ^ (1 << random.Next(random.Next(4) == 0 ? 16 : 7)));
        return new string(chars);
    }

    private static string EditLines(Random random, string text, Action<List<string>, int> edit)
    {
        var lines = text.Split('\n').ToList();
        edit(lines, random.Next(lines.Count));
        return string.Join('\n', lines);
    }

    private static string Reindent(Random random, string line)
    {
        var indent = line.Length - line.TrimStart(' ').Length;
        return random.Next(4) switch
        {
            0 => new string(' ', random.Next(1, 5)) + line,
            1 => line[Math.Min(indent, random.Next(1, 5))..],
            2 => "\t" + line.TrimStart(' '),
            _ => new string(' ', indent) + "\t" + line.TrimStart(' '),
        };
    }

    private static string Insert(Random random, string text, string fragment)
    {
        var at = random.Next(text.Length + 1);
        if (random.Next(2) == 0)
        {
            // At the start of a line, where keys, list items and directives begin.
            at = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            if (at > text.Length)
            {
                at = text.Length;
            }
        }

        return text.Insert(at, fragment);
    }

    private static string ReplaceValue(Random random, string text, string value)
    {
        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ", StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0)
        {
            return Insert(random, text, value);
        }

        var i = candidates[random.Next(candidates.Count)];
        lines[i] = lines[i][..(lines[i].IndexOf(": ", StringComparison.Ordinal) + 2)] + value;
        return string.Join('\n', lines);
    }

    private static string RenameKey(Random random, string text)
    {
        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(':', StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0)
        {
            return text;
        }

        var i = candidates[random.Next(candidates.Count)];
        var line = lines[i];
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var start = colon;
        while (start > 0 && (char.IsAsciiLetterOrDigit(line[start - 1]) || line[start - 1] is '_' or '.'))
        {
            start--;
        }

        var key = line[start..colon];
        var renamed = random.Next(3) == 0 && key.Length > 1 ? Typo(random, key) : RandomYaml.Pick(random, YamlFragments.Words);
        lines[i] = line[..start] + renamed + line[colon..];
        return string.Join('\n', lines);
    }

    private static string Typo(Random random, string word)
    {
        var builder = new StringBuilder(word);
        var at = random.Next(word.Length - 1);
        switch (random.Next(3))
        {
            case 0:
                (builder[at], builder[at + 1]) = (builder[at + 1], builder[at]);
                break;
            case 1:
                builder.Remove(at, 1);
                break;
            default:
                builder.Insert(at, word[at]);
                break;
        }

        return builder.ToString();
    }

    private string Splice(Random random, string text)
    {
        var other = corpus[random.Next(corpus.Count)].Text.Split('\n');
        var lines = text.Split('\n');
        var head = lines.Take(random.Next(lines.Length + 1));
        var tail = other.Skip(random.Next(other.Length + 1));
        return string.Join('\n', head.Concat(tail));
    }

    private static string DeleteRange(Random random, string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var start = random.Next(text.Length);
        return text.Remove(start, Math.Min(text.Length - start, random.Next(1, 40)));
    }
}
