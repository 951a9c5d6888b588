using Harness.Abstractions;

using System.Net;

namespace Harness.Engine.Faults;

internal static class EndPoints
{
    /// <summary>
    /// Listens on a free port of the loopback address of <paramref name="like"/>'s family (127.0.0.1 or ::1): where
    /// the proxy and the harness meet, on the same transport as the conversation they carry.
    /// </summary>
    public static ValueTask<IListener> ListenOnLoopbackAsync(ITransport transport, string scheme, EndPoint like, CancellationToken cancellationToken)
    {
        var loopback = like.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::1" : "127.0.0.1";
        return transport.ListenAsync(new TransportAddress(scheme, loopback, 0), TransportOptions.None, cancellationToken);
    }

    public static string Host(EndPoint endPoint) => endPoint is IPEndPoint ip ? ip.Address.ToString() : endPoint.ToString() ?? string.Empty;

    public static int Port(EndPoint endPoint) => endPoint is IPEndPoint ip ? ip.Port : 0;

    /// <summary>
    /// Tells of the peer where a transport's message names the proxy (<paramref name="proxyEndPoint"/>, the harness's
    /// connection's own remote end), so the story speaks of the peer the scenario wrote.
    /// </summary>
    public static TransportException Translate(TransportException ex, EndPoint proxyEndPoint, FaultLink link)
    {
        var proxy = proxyEndPoint.ToString();
        return proxy is { Length: > 0 } && ex.Message.Contains(proxy, StringComparison.Ordinal)
            ? new TransportException(ex.Error, ex.Message.Replace(proxy, $"{link.PeerEndPoint} (through the fault proxy)", StringComparison.Ordinal), ex)
            : ex;
    }
}
