namespace Harness.Cli;

/// <summary>
/// A small reader of <c>--option value</c>, <c>--option=value</c> and positional arguments. The harness
/// keeps its own instead of a parsing library because start-up time is measured and it needs little.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly List<string> _positionals = [];
    private readonly List<(string Name, string? Value)> _options = [];

    public ArgumentReader(IEnumerable<string> arguments, IReadOnlySet<string> flags, IReadOnlySet<string> valued)
    {
        using var e = arguments.GetEnumerator();
        var onlyPositionals = false;
        while (e.MoveNext())
        {
            var argument = e.Current;
            if (onlyPositionals || !argument.StartsWith('-') || argument == "-")
            {
                _positionals.Add(argument);
                continue;
            }

            if (argument == "--")
            {
                onlyPositionals = true;
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? argument[..equals] : argument;
            if (flags.Contains(name))
            {
                if (equals > 0)
                {
                    throw new UsageException($"{name} takes no value");
                }

                _options.Add((name, null));
            }
            else if (valued.Contains(name))
            {
                var value = equals > 0 ? argument[(equals + 1)..]
                    : e.MoveNext() ? e.Current
                    : throw new UsageException($"{name} needs a value");
                _options.Add((name, value));
            }
            else
            {
                var known = flags.Concat(valued).ToList();
                var near = known.OrderBy(k => Math.Abs(k.Length - name.Length)).FirstOrDefault(k => k.Contains(name.TrimStart('-'), StringComparison.Ordinal) || name.Contains(k.TrimStart('-'), StringComparison.Ordinal));
                throw new UsageException($"unknown option {name}" + (near is null ? string.Empty : $"; did you mean {near}?"));
            }
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Has(string name) => _options.Any(o => o.Name == name);

    public string? Value(string name) => _options.LastOrDefault(o => o.Name == name).Value;

    public IEnumerable<string> Values(string name) => _options.Where(o => o.Name == name).Select(o => o.Value!);
}
