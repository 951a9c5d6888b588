using System.Globalization;
using System.Text;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Peers;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness serve &lt;peer&gt;</c>: runs one built-in peer on its own until Ctrl-C or SIGTERM, so that a
/// learner can point their own client at it. Stopping it is its normal end (exit 0).
/// </summary>
internal static class ServeCommand
{
    private static readonly HashSet<string> Flags = ["--help", "-h"];
    private static readonly HashSet<string> Valued = ["--port", "--transport", "--host", "--option", "--config"];

    public static async Task<int> ExecuteAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var arguments = new ArgumentReader(args, Flags, Valued);
        if (arguments.Has("--help") || arguments.Has("-h"))
        {
            await output.WriteAsync(Help()).ConfigureAwait(false);
            return ExitCodes.Passed;
        }

        var (builtin, descriptor) = Peer(arguments.Positionals);
        var transport = (arguments.Value("--transport") ?? descriptor.DefaultTransport).ToLowerInvariant();
        var host = arguments.Value("--host") ?? (transport.EndsWith('6') ? "::1" : "127.0.0.1");
        var port = arguments.Value("--port") is { } p
            ? int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 65535 ? n : throw new UsageException($"--port {p}: expected a number from 0 to 65535")
            : 0;
        var options = Options(builtin, descriptor, arguments.Values("--option"));

        Session session;
        try
        {
            session = Session.Open(arguments.Value("--config"), [], error);
        }
        catch (ScenarioException ex)
        {
            await error.WriteLineAsync($"harness: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var at = new TransportAddress(transport, host, port);
        BuiltinPeerServer server;
        try
        {
            server = await BuiltinPeers.StartAsync(session.Catalog, builtin, builtin, at, options, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerStartException ex)
        {
            await error.WriteLineAsync($"harness: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.CouldNotRun;
        }

        await using (server.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"{builtin} listening on {transport}://{server.Variables["endpoint"]} — press Ctrl-C to stop").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync($"{builtin} stopped").ConfigureAwait(false);
            }
        }

        return ExitCodes.Passed;
    }

    private static (string Name, BuiltinPeerDescriptor Descriptor) Peer(IReadOnlyList<string> positionals)
    {
        if (positionals.Count != 1)
        {
            throw new UsageException(positionals.Count == 0
                ? $"name the peer to serve, such as `harness serve echo`; the built-in peers are {string.Join(", ", BuiltinPeerCatalog.Names)}"
                : $"serve runs one peer; got {string.Join(", ", positionals)}");
        }

        var name = positionals[0];
        return BuiltinPeerCatalog.TryGet(name, out var descriptor)
            ? (name, descriptor)
            : throw new UsageException($"there is no built-in peer `{name}`{Suggestions.Hint(name, BuiltinPeerCatalog.Names)}");
    }

    private static Dictionary<string, string> Options(string builtin, BuiltinPeerDescriptor descriptor, IEnumerable<string> assignments)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--option {assignment}: expected name=value, such as --option message=Hello");
            }

            var name = assignment[..equals];
            if (!descriptor.Options.ContainsKey(name))
            {
                throw new UsageException(descriptor.Options.Count == 0
                    ? $"--option {name}: `{builtin}` takes no options"
                    : $"--option {name}: `{builtin}` has no option `{name}`{Suggestions.Hint(name, descriptor.Options.Keys.ToList())}");
            }

            // Written on a command line, "\n" means a newline, as in scenario text.
            var value = EscapedText.TryDecode(assignment[(equals + 1)..], out var decoded, out _, out var problem)
                ? decoded
                : throw new UsageException($"--option {name}: {problem}");
            if (descriptor.Check(name, value) is { } invalid)
            {
                throw new UsageException($"--option {name}: {invalid}");
            }

            options[name] = value;
        }

        return options;
    }

    private static string Help()
    {
        var text = new StringBuilder("""
            Usage: harness serve <peer> [--port N] [--transport T] [--host H] [--option name=value]...

            Runs one built-in peer until Ctrl-C (or SIGTERM), printing where it listens, so that you can
            point your own client at it. Exits 0 when stopped.

            Options:
              --port <n>            port to listen on (default: a free one, printed at start)
              --transport <scheme>  tcp (default), udp, tcp6, udp6, ... as the loaded plugins provide
              --host <address>      address to listen on (default: 127.0.0.1, or ::1 for *6 transports)
              --option <name=value> an option of the peer (text escapes such as \n work); may be repeated
              --config <path>       harness.yaml to use (for its plugin folders)
              -h, --help            show this help

            Peers:

            """);
        foreach (var peer in BuiltinPeerCatalog.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {peer.Name,-9}{peer.Summary}\n");
            foreach (var option in peer.OptionList)
            {
                var shown = option.Default.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
                text.Append(CultureInfo.InvariantCulture, $"           --option {option.Name}=...  {option.Summary} (default \"{shown}\")\n");
            }
        }

        text.Append("\nExample:\n  harness serve greet --port 7007 --option \"message=Welcome!\\n\"\n\n");
        return text.ToString();
    }
}
