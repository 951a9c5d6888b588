using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Abstractions;
using Harness.Transports.Sockets;

namespace Harness.Transports.Sockets.Tests.Support;

/// <summary>One transport under test on its family's loopback address.</summary>
public sealed record Loopback(string Scheme, AddressFamily Family, TransportKind Kind, string Host)
{
    public static Loopback Tcp { get; } = new("tcp", AddressFamily.InterNetwork, TransportKind.Stream, "127.0.0.1");

    public static Loopback Tcp6 { get; } = new("tcp6", AddressFamily.InterNetworkV6, TransportKind.Stream, "::1");

    public static Loopback Udp { get; } = new("udp", AddressFamily.InterNetwork, TransportKind.Datagram, "127.0.0.1");

    public static Loopback Udp6 { get; } = new("udp6", AddressFamily.InterNetworkV6, TransportKind.Datagram, "::1");

    public static IEnumerable<Loopback> Streams => [Tcp, Tcp6];

    public static IEnumerable<Loopback> DatagramTransports => [Udp, Udp6];

    public SocketTransport Transport { get; } = new(Scheme, Family, Kind);

    public TransportAddress AnyPort => new(Scheme, Host, 0);

    public TransportAddress At(int port) => new(Scheme, Host, port);

    public TransportAddress At(IListener listener) => At(((IPEndPoint)listener.LocalEndPoint).Port);

    public Task<IListener> ListenAsync(TransportOptions? options = null) =>
        Transport.ListenAsync(AnyPort, options ?? TransportOptions.None, default).AsTask();

    public async Task<T> ConnectAsync<T>(TransportAddress to, TransportOptions? options = null)
        where T : IConnection => (T)await Transport.ConnectAsync(to, options ?? TransportOptions.None, default);

    /// <summary>A port on which nothing listens now (it was bound a moment ago and released).</summary>
    public async Task<int> FreePortAsync()
    {
        await using var listener = await ListenAsync();
        return ((IPEndPoint)listener.LocalEndPoint).Port;
    }

    public override string ToString() => Scheme;

    public static TransportOptions Options(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.OrdinalIgnoreCase));

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static CancellationToken Within(TimeSpan limit) => new CancellationTokenSource(limit).Token;
}
