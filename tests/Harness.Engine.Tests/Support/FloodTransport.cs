using System.Net;
using Harness.Abstractions;

namespace Harness.Engine.Tests.Support;

/// <summary>
/// A stream transport whose peer never stops sending: each receive is filled at once with <paramref name="head"/>
/// (first) and then <paramref name="filler"/> bytes, up to <paramref name="readSize"/> at a time, without end.
/// </summary>
internal sealed class FloodTransport(byte[] head, byte filler = (byte)'y', int readSize = 64 * 1024) : ITransport, IHarnessPlugin
{
    private readonly byte[] _head = head;
    private readonly byte _filler = filler;
    private readonly int _readSize = readSize;
    private long _delivered;

    public string Scheme => "flood";

    public TransportKind Kind => TransportKind.Stream;

    /// <summary>How many bytes the peer has delivered so far, over all connections.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public void Register(IPluginRegistry registry) => registry.AddTransport(this);

    public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IConnection>(new Connection(this));

    public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private sealed class Connection(FloodTransport transport) : IStreamConnection
    {
        private long _sent;

        public TransportKind Kind => TransportKind.Stream;

        public EndPoint LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 50000);

        public EndPoint RemoteEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 7);

        public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(buffer.Length, transport._readSize);
            var span = buffer.Span[..count];
            for (var i = 0; i < count; i++)
            {
                var at = _sent + i;
                span[i] = at < transport._head.Length ? transport._head[at] : transport._filler;
            }

            _sent += count;
            Interlocked.Add(ref transport._delivered, count);
            return ValueTask.FromResult(count);
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ShutdownSendAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Abort()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
