namespace Harness.Engine.Tests.Support.Fuzz;

/// <summary>
/// What the mutator inserts: pieces of YAML and of the scenario language that loaders get wrong (anchors and
/// aliases, tags, flow collections, variables with junk, huge numbers, bad durations, unicode, control
/// characters, tabs, very deep nesting, an alias bomb) and the words of the language, for key renames.
/// </summary>
internal static class YamlFragments
{
    /// <summary>The language's keys, steps and fields, and a few that are almost them.</summary>
    public static readonly string[] Words =
    [
        "name", "description", "tags", "timeout", "clients", "parallel", "peers", "steps", "load",
        "connect", "send", "expect", "close", "shutdown", "sleep", "repeat", "listen", "accept", "start",
        "to", "as", "on", "for", "text", "hex", "base64", "file", "pattern", "size", "prefix", "echo", "contains",
        "regex", "length", "closed", "nothing", "output", "json", "jsonpath", "not", "until", "bytes", "within",
        "capture", "from", "times", "over", "at", "peer", "builtin", "address", "process", "transport", "host",
        "port", "options", "command", "shell", "cwd", "env", "ready", "grace", "delay", "message", "status",
        "body", "path", "endian", "includes_header", "group", "equals", "thresholds", "p50", "p99", "p99.9",
        "max", "error_rate", "container", "image", "ports", "wait", "v6only", "backlog", "nodelay", "connected",
        "exepct", "timeuot", "<<", "?", "", " ", "steps ", "Name", "STEPS", "naïve", "名前",
    ];

    public static readonly string[] AnchorsAndAliases =
    [
        "&a ", "*a", "&a x", "*undefined", "<<: *a", "&x [*x]", "&m {k: *m}", "&s \"s\"", "*s", "& ", "* ", "&a &b ",
        "[&a 1, *a, *a]", "{&k key: *k}", "? *a\n: b", "? &c [1]\n: *c", "&anchor-with-long-name-0123456789 v",
    ];

    public static readonly string[] Tags =
    [
        "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!map ", "!!seq ", "!!binary ", "!!timestamp ",
        "!custom ", "! ", "!<tag:yaml.org,2002:str> ", "!<!> ", "!!str", "!e!tag ", "!<> ", "!!binary aGVsbG8=",
    ];

    public static readonly string[] Flow =
    [
        "{", "}", "[", "]", "{}", "[]", "[,]", "{,}", "{: }", "{a: [1, {b: c}]}", "[1, [2, [3, [4]]]]", "{? a}",
        "[a: b]", "{a: b, a: c}", "[ - x ]", "{ \"k\": 'v', k2: \"v\\x00\" }", "[*a]", "{[1]: 2}", "{{a: b}: c}",
    ];

    public static readonly string[] Variables =
    [
        "${", "}", "${}", "${ }", "$${", "$${x}", "${${x}}", "${peers.}", "${peers.server}", "${peers.server.nope}",
        "${peers.nope.port}", "${env.}", "${env.PATH}", "${env.HARNESS_FUZZ_SURELY_UNSET}", "${connection.local}",
        "${connection.local.port}", "${connections..local.port}", "${listeners.x.port}", "${client.index}",
        "${client.count}", "${item}", "${\n}", "${é}", "${\u0000}", "${" + new string('x', 300) + "}", "$", "${a.b.c.d.e}",
        "${peers.server.endpoint", "${{}}", "${}}}",
    ];

    public static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775808",
        "99999999999999999999999999999999999999", "1e309", "-1e309", "1e-400", ".inf", "-.inf", ".nan", "NaN",
        "0x7fffffff", "0o777", "0b1010", "1_000", "1,000", "+5", "00", "0.5", "65535", "65536", "10000", "10001",
        "1073741824", "1073741825", "67108864", "67108865", "1" + new string('0', 400),
    ];

    public static readonly string[] Durations =
    [
        "0ms", "0s", "-1s", "1.5.5s", "1..2ms", ".s", "ms", "s", "1", "1e9h", "99999999999h", "25h", "24h", "1440m",
        "86400001ms", "1 s", "1S", "1sec", "1µs", "1ns", "1d", "0.0000000001ms", "5min", "1m30s", "PT1S", "00:00:01",
        "1" + new string('0', 320) + "ms", "NaNms", "Infinityms", "١s",
    ];

    public static readonly string[] Unicode =
    [
        "é", "日本語", "\u202Eevil", "\U0001F600", "\uFEFF", "\uFFFF", "\uFFFE", "\u200B", "\u0301", "Ω", "\u00A0",
        "\u2028", "\u2029", "\u0085", "\uD800", "\uDFFF", "\uDBFF\uDFFF", "\U0010FFFF", "ﬁ", "İ", "ß",
    ];

    public static readonly string[] Controls =
    [
        "\0", "\u0001", "\u0007", "\b", "\u000B", "\f", "\r", "\r\n", "\u001B[31m", "\u001B", "\u007F", "\u0080",
        "\u009B", "\t", "\t\t", " \t", "\\", "\\x", "\\u{", "\\u{110000}", "\\u{d800}", "\\xZZ", "\\0", "\\q",
    ];

    public static readonly string[] Structure =
    [
        "---", "...", "--- |", "%YAML 1.1", "%YAML 2.0", "%TAG ! tag:example.com,2000:", "%FOO bar", "|", "|-", "|+",
        ">", ">-", "|2", "|0", "#", " # comment", "'", "\"", "''", "\"\"", "'it''s'", "\"\\\"", ": ", ":", "- ", "-",
        "?", "? ", "@", "`", "%", "!", "&", "*", ",", "key: value", "- item", "-\n-\n-", "a:\n  b:\n    c: d",
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<", "\n", "\n\n", "  ", "    ",
    ];

    /// <summary>Whole values that are hard on a loader: very deep nesting, long strings, and a billion-laughs alias bomb.</summary>
    public static readonly string[] Heavy = [.. HeavyValues()];

    private static IEnumerable<string> HeavyValues()
    {
        yield return new string('[', 1000) + new string(']', 1000);
        yield return string.Concat(Enumerable.Repeat("{a: ", 300)) + "1" + new string('}', 300);
        yield return string.Concat(Enumerable.Repeat("- ", 400)) + "x";
        yield return string.Concat(Enumerable.Range(0, 150).Select(i => new string(' ', i * 2) + "k:\n")) + new string(' ', 300) + "v";
        yield return new string('[', 129) + new string(']', 129);
        yield return new string('[', 127) + new string(']', 127);
        yield return new string('x', 100_000);
        yield return "\"" + new string('\\', 2000) + "\"";
        yield return string.Concat(Enumerable.Repeat("&a [*a, ", 50)) + new string(']', 50);
        yield return AliasBomb(flow: true);
        yield return AliasBomb(flow: false);
    }

    /// <summary>Nine levels of ten aliases each: 10^9 values once expanded, from a few hundred bytes.</summary>
    public static string AliasBomb(bool flow)
    {
        var levels = Enumerable.Range(0, 9).Select(i => i == 0
            ? "&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"
            : $"&l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]").ToList();
        return flow
            ? "[" + string.Join(", ", levels) + "]"
            : "\n" + string.Join("\n", levels.Select((level, i) => $"lol{i}: {level}")) + "\n";
    }
}
