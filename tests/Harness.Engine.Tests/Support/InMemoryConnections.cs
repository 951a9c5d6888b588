using System.Net;
using System.Text;
using System.Threading.Channels;
using Harness.Abstractions;

namespace Harness.Engine.Tests.Support;

/// <summary>
/// The client's end of an in-memory byte stream whose server end is handed to a behaviour: the test
/// writes pieces, reads what the behaviour sent, and sees its half-close, with no sockets at all.
/// </summary>
internal sealed class InMemoryStream
{
    private static int _nextPort = 40000;

    private readonly Channel<byte[]> _toServer = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _toClient = Channel.CreateUnbounded<byte[]>();
    private readonly List<byte> _pending = [];

    public InMemoryStream() =>
        Server = new End(_toServer.Reader, _toClient.Writer, new IPEndPoint(IPAddress.Loopback, Interlocked.Increment(ref _nextPort)));

    /// <summary>The end a behaviour serves.</summary>
    public IStreamConnection Server { get; }

    public void Write(string text) => _toServer.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    /// <summary>The client closes its sending side: the server reads end of stream.</summary>
    public void CloseSending() => _toServer.Writer.TryComplete();

    /// <summary>Everything the server sends until it closes its side, as text.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var bytes = new List<byte>(_pending);
        _pending.Clear();
        await foreach (var chunk in _toClient.Reader.ReadAllAsync(deadline.Token))
        {
            bytes.AddRange(chunk);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>Reads until <paramref name="count"/> bytes arrived (more stay for the next read).</summary>
    public async Task<string> ReadAsync(int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (_pending.Count < count)
        {
            _pending.AddRange(await _toClient.Reader.ReadAsync(deadline.Token));
        }

        var text = Encoding.UTF8.GetString([.. _pending.Take(count)]);
        _pending.RemoveRange(0, count);
        return text;
    }

    /// <summary>Whether anything arrived within <paramref name="wait"/>.</summary>
    public async Task<bool> AnythingWithinAsync(TimeSpan wait)
    {
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            return await _toClient.Reader.WaitToReadAsync(deadline.Token) && _toClient.Reader.TryPeek(out _);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class End(ChannelReader<byte[]> incoming, ChannelWriter<byte[]> outgoing, EndPoint remote) : IStreamConnection
    {
        private byte[] _leftover = [];

        public TransportKind Kind => TransportKind.Stream;

        public EndPoint LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 7);

        public EndPoint RemoteEndPoint { get; } = remote;

        public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (_leftover.Length == 0)
            {
                if (!await incoming.WaitToReadAsync(cancellationToken) || !incoming.TryRead(out var chunk))
                {
                    return 0;
                }

                _leftover = chunk;
            }

            var count = Math.Min(buffer.Length, _leftover.Length);
            _leftover.AsSpan(0, count).CopyTo(buffer.Span);
            _leftover = _leftover[count..];
            return count;
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            outgoing.TryWrite(data.ToArray()) ? ValueTask.CompletedTask : throw new TransportException(TransportError.ConnectionReset, "closed");

        public ValueTask ShutdownSendAsync(CancellationToken cancellationToken)
        {
            outgoing.TryComplete();
            return ValueTask.CompletedTask;
        }

        public void Abort() => outgoing.TryComplete();

        public ValueTask DisposeAsync()
        {
            outgoing.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The client's side of an in-memory datagram exchange: whole messages each way, never glued.</summary>
internal sealed class InMemoryDatagrams
{
    private readonly Channel<byte[]> _toServer = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _toClient = Channel.CreateUnbounded<byte[]>();

    public InMemoryDatagrams() => Server = new End(_toServer.Reader, _toClient.Writer);

    public IDatagramConnection Server { get; }

    public void Send(string text) => _toServer.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    public async Task<string> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return Encoding.UTF8.GetString(await _toClient.Reader.ReadAsync(deadline.Token));
    }

    public async Task<bool> AnythingWithinAsync(TimeSpan wait)
    {
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            return await _toClient.Reader.WaitToReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class End(ChannelReader<byte[]> incoming, ChannelWriter<byte[]> outgoing) : IDatagramConnection
    {
        public TransportKind Kind => TransportKind.Datagram;

        public EndPoint LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 7);

        public EndPoint RemoteEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 40000);

        public int MaxDatagramSize => 65507;

        public async ValueTask<DatagramReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var datagram = await incoming.ReadAsync(cancellationToken);
            var count = Math.Min(buffer.Length, datagram.Length);
            datagram.AsSpan(0, count).CopyTo(buffer.Span);
            return new DatagramReceiveResult(count, RemoteEndPoint, count < datagram.Length);
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
        {
            outgoing.TryWrite(datagram.ToArray());
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            outgoing.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
