using System.Net;
using System.Threading.Channels;
using Harness.Abstractions;

namespace Harness.Engine.Tests.Support;

/// <summary>
/// A stream transport with no sockets: each connection delivers the scripted chunks one receive at a
/// time (then end of stream, a reset, or silence), so tests control exactly how the bytes are split.
/// </summary>
internal sealed class ScriptedTransport(Func<IReadOnlyList<byte[]>> chunks, bool closeAfter = true, bool resetAfter = false) : ITransport, IHarnessPlugin
{
    public string Scheme => "scripted";

    public TransportKind Kind => TransportKind.Stream;

    public List<byte[]> Sent { get; } = [];

    public void Register(IPluginRegistry registry) => registry.AddTransport(this);

    public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IConnection>(new Connection(chunks(), closeAfter, resetAfter, Sent));

    public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private sealed class Connection(IReadOnlyList<byte[]> chunks, bool closeAfter, bool resetAfter, List<byte[]> sent) : IStreamConnection
    {
        private readonly Channel<byte[]> _incoming = CreateChannel(chunks, closeAfter);

        public TransportKind Kind => TransportKind.Stream;

        public EndPoint LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 50000);

        public EndPoint RemoteEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 7);

        public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (!await _incoming.Reader.WaitToReadAsync(cancellationToken))
            {
                return resetAfter ? throw new TransportException(TransportError.ConnectionReset, "receive from 127.0.0.1:7: the peer reset the connection") : 0;
            }

            var chunk = await _incoming.Reader.ReadAsync(cancellationToken);
            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            sent.Add(data.ToArray());
            return ValueTask.CompletedTask;
        }

        public ValueTask ShutdownSendAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Abort()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static Channel<byte[]> CreateChannel(IReadOnlyList<byte[]> chunks, bool closeAfter)
        {
            var channel = Channel.CreateUnbounded<byte[]>();
            foreach (var chunk in chunks)
            {
                channel.Writer.TryWrite(chunk);
            }

            if (closeAfter)
            {
                channel.Writer.Complete();
            }

            return channel;
        }
    }
}
