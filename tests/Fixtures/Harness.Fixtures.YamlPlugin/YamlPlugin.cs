using System.Net;
using System.Text;
using Harness.Abstractions;
using Harness.Fixtures.YamlPlugin;
using YamlDotNet.RepresentationModel;

[assembly: HarnessPlugin(typeof(YamlPlugin))]

namespace Harness.Fixtures.YamlPlugin;

/// <summary>
/// Registers the <c>yaml-fixture</c> transport. Its registration reads its own settings with its own
/// YamlDotNet, and its connections answer each YAML mapping sent to them with the value of its
/// <c>greeting</c> key and the YamlDotNet version that parsed it.
/// </summary>
internal sealed class YamlPlugin : IHarnessPlugin
{
    private const string Settings = "scheme: yaml-fixture\n";

    public void Register(IPluginRegistry registry)
    {
        var scheme = ((YamlScalarNode)Parse(Settings)["scheme"]).Value!;
        registry.AddTransport(new YamlTransport(scheme));
    }

    internal static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}

internal sealed class YamlTransport(string scheme) : ITransport
{
    public string Scheme => scheme;

    public TransportKind Kind => TransportKind.Stream;

    public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IConnection>(new YamlConnection());

    public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
        throw new TransportException(TransportError.Other, "the yaml fixture does not listen");
}

/// <summary>An in-memory stream: each send is parsed as YAML and answered at once.</summary>
internal sealed class YamlConnection : IStreamConnection
{
    private readonly Queue<byte> _pending = new();

    public TransportKind Kind => TransportKind.Stream;

    public EndPoint LocalEndPoint { get; } = new DnsEndPoint("yaml-fixture", 1);

    public EndPoint RemoteEndPoint { get; } = new DnsEndPoint("yaml-fixture", 2);

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var greeting = ((YamlScalarNode)YamlPlugin.Parse(Encoding.UTF8.GetString(data.Span))["greeting"]).Value;
        var version = typeof(YamlStream).Assembly.GetName().Version;
        foreach (var b in Encoding.UTF8.GetBytes($"{greeting} (YamlDotNet {version})"))
        {
            _pending.Enqueue(b);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            // Nothing more will come until the next send: wait for the caller's timeout.
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        var count = Math.Min(buffer.Length, _pending.Count);
        for (var i = 0; i < count; i++)
        {
            buffer.Span[i] = _pending.Dequeue();
        }

        return count;
    }

    public ValueTask ShutdownSendAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Abort()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
