using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Abstractions;

namespace Harness.Peers.Docker.Settings;

/// <summary>
/// Reads a container peer's settings from the plain values a scenario gives (strings, lists, maps)
/// and says precisely what is wrong, naming the peer and the key, so that a typo fails before any
/// container is created.
/// </summary>
internal static class ContainerSettingsParser
{
    private static readonly string[] Keys = ["image", "build", "command", "env", "ports", "publish", "network", "wait"];
    private static readonly string[] WaitKeys = ["port", "send", "log", "http", "timeout"];

    public static ContainerPeerSettings Parse(PeerStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var peer = request.PeerName;
        var settings = request.Settings;
        CheckKeys(peer, "container", settings, Keys);

        var image = OptionalText(peer, settings, "image");
        var build = OptionalText(peer, settings, "build");
        if ((image is null) == (build is null))
        {
            throw Fail(peer, "give either 'image' (an image name) or 'build' (a folder with a Dockerfile), not both and not neither");
        }

        string? buildFolder = null;
        if (build is not null)
        {
            buildFolder = Path.GetFullPath(build, request.BaseDirectory);
            if (request.FilesConfined && !ContainedPath.IsInside(buildFolder, request.BaseDirectory))
            {
                throw Fail(peer, $"'build' names {buildFolder}, outside the scenario's folder {request.BaseDirectory}; a scenario may name only " +
                    "files in its own folder tree, unless the harness runs with --allow-outside-files");
            }

            if (!File.Exists(Path.Combine(buildFolder, "Dockerfile")))
            {
                throw Fail(peer, $"'build' names {buildFolder}, which has no Dockerfile");
            }
        }

        IReadOnlyList<string>? command = settings.TryGetValue("command", out var commandValue) && commandValue is not null
            ? commandValue is string single ? ["sh", "-c", single] : TextList(peer, "command", commandValue)
            : null;

        var ports = settings.TryGetValue("ports", out var portsValue) && portsValue is not null
            ? TextList(peer, "ports", portsValue).Select(p => Port(peer, "ports", p)).ToList()
            : [];
        if (ports.GroupBy(p => p.EngineKey).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Fail(peer, $"'ports' lists {duplicate.Key} twice");
        }

        var publish = OptionalText(peer, settings, "publish") switch
        {
            null or "loopback" => PublishMode.Loopback,
            "own-address" => PublishMode.OwnAddress,
            var other => throw Fail(peer, $"'publish' is '{other}': use 'loopback' (127.0.0.1, ports chosen by the engine) or 'own-address' (127.0.0.N, the container's own ports)"),
        };

        var network = OptionalText(peer, settings, "network");
        if (network is not null && !Regex.IsMatch(network, "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$"))
        {
            throw Fail(peer, $"'network' is '{network}': use letters, digits, '.', '_' and '-'");
        }

        return new ContainerPeerSettings(
            image,
            buildFolder,
            command,
            Environment(peer, settings),
            ports,
            publish,
            network,
            Wait(peer, settings, ports));
    }

    private static Dictionary<string, string> Environment(string peer, IReadOnlyDictionary<string, object?> settings)
    {
        if (!settings.TryGetValue("env", out var value) || value is null)
        {
            return [];
        }

        return value is IReadOnlyDictionary<string, object?> map
            ? map.ToDictionary(e => e.Key, e => Text(peer, $"env.{e.Key}", e.Value) ?? string.Empty, StringComparer.Ordinal)
            : throw Fail(peer, "'env' must be a map of NAME: value");
    }

    private static WaitSettings Wait(string peer, IReadOnlyDictionary<string, object?> settings, List<ContainerPort> ports)
    {
        if (!settings.TryGetValue("wait", out var value) || value is null)
        {
            return WaitSettings.Running;
        }

        if (value is not IReadOnlyDictionary<string, object?> wait)
        {
            throw Fail(peer, "'wait' must be a map such as { port: 80, timeout: 30s } or { log: \"ready\" } or { http: / }");
        }

        CheckKeys(peer, "wait", wait, WaitKeys);
        ContainerPort? port = null;
        if (OptionalText(peer, wait, "port", "wait.port") is { } portText)
        {
            port = Port(peer, "wait.port", portText);
            if (!ports.Contains(port))
            {
                throw Fail(peer, $"'wait.port' is {port.Key}, which 'ports' does not list ({string.Join(", ", ports.Select(p => p.Key))})");
            }
        }

        var send = OptionalText(peer, wait, "send", "wait.send");
        if (send is not null && port is null)
        {
            throw Fail(peer, "'wait.send' needs 'wait.port': the port to send it to");
        }

        if (port is { IsUdp: true } && send is null)
        {
            throw Fail(peer, $"'wait.port' {port.Key} is UDP, which has no connection to watch: give 'wait.send' (a datagram the server answers)");
        }

        Regex? log = null;
        if (OptionalText(peer, wait, "log", "wait.log") is { } pattern)
        {
            try
            {
                log = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw Fail(peer, $"'wait.log' is not a valid regular expression: {e.Message}");
            }
        }

        var http = OptionalText(peer, wait, "http", "wait.http");
        if (http is not null)
        {
            if (!http.StartsWith('/'))
            {
                throw Fail(peer, $"'wait.http' is '{http}': give a path starting with '/'");
            }

            if (port is { IsUdp: true } || (port is null && !ports.Any(p => !p.IsUdp)))
            {
                throw Fail(peer, "'wait.http' needs a TCP port in 'ports' (or in 'wait.port')");
            }
        }

        var timeout = WaitSettings.DefaultTimeout;
        if (OptionalText(peer, wait, "timeout", "wait.timeout") is { } timeoutText
            && (!Duration.TryParse(timeoutText, out timeout) || timeout <= TimeSpan.Zero))
        {
            throw Fail(peer, $"'wait.timeout' is '{timeoutText}': give a duration such as 500ms, 30s or 2m");
        }

        return new WaitSettings(port, send, log, http, timeout);
    }

    private static void CheckKeys(string peer, string where, IReadOnlyDictionary<string, object?> map, string[] valid)
    {
        foreach (var key in map.Keys)
        {
            if (!valid.Contains(key, StringComparer.Ordinal))
            {
                var near = valid.MinBy(v => EditDistance(v, key.ToLowerInvariant()));
                near = near is not null && EditDistance(near, key.ToLowerInvariant()) <= 2 ? near : null;
                var hint = near is null ? string.Empty : $" (did you mean '{near}'?)";
                throw Fail(peer, $"unknown setting '{key}' in {where}{hint}; valid settings are {string.Join(", ", valid)}");
            }
        }
    }

    /// <summary>Levenshtein distance, for "did you mean": the keys are few and short.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static ContainerPort Port(string peer, string key, string text) =>
        ContainerPort.TryParse(text, out var port)
            ? port!
            : throw Fail(peer, $"'{key}' has '{text}', which is not a port: give a number such as 80, or 53/udp");

    private static string? OptionalText(string peer, IReadOnlyDictionary<string, object?> map, string key, string? label = null) =>
        map.TryGetValue(key, out var value) ? Text(peer, label ?? key, value) : null;

    private static string? Text(string peer, string key, object? value) => value switch
    {
        null => null,
        string s => s,
        IConvertible c and not IReadOnlyList<object?> => c.ToString(CultureInfo.InvariantCulture),
        _ => throw Fail(peer, $"'{key}' must be a single value, not a list or a map"),
    };

    private static List<string> TextList(string peer, string key, object value) => value switch
    {
        IReadOnlyList<object?> list => list.Select((v, i) => Text(peer, $"{key}[{i}]", v) ?? string.Empty).ToList(),
        string or IConvertible => [Text(peer, key, value)!],
        _ => throw Fail(peer, $"'{key}' must be a list"),
    };

    private static PeerStartException Fail(string peer, string problem) =>
        new($"container peer '{peer}': {problem}");
}
