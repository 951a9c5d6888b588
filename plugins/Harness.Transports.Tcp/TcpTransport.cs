using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Tcp;

/// <summary>
/// TCP over IPv4. Host names resolve to IPv4 addresses only; IPv6 is the <c>tcp6</c> transport's,
/// so that a scenario says which family it tests.
/// </summary>
internal sealed class TcpTransport : ITransport
{
    public string Scheme => "tcp";

    public TransportKind Kind => TransportKind.Stream;

    public async ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(options);
        var addresses = await ResolveAsync(remote, cancellationToken).ConfigureAwait(false);
        TransportException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            {
                // Scenarios are request/response exchanges: never hold a small send back waiting for an ACK.
                NoDelay = options.GetBoolean("nodelay", true),
            };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, remote.Port), cancellationToken).ConfigureAwait(false);
                return new TcpConnection(socket);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = SocketErrors.Translate(ex, $"connect to {address}:{remote.Port}");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new TransportException(TransportError.HostNotFound, $"{remote.Host} has no IPv4 address");
    }

    public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (!IPAddress.TryParse(local.Host, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            address = local.Host == "localhost" ? IPAddress.Loopback
                : throw new TransportException(TransportError.AddressNotAvailable, $"listen on {local}: tcp listens on an IPv4 address, such as 127.0.0.1");
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, local.Port));
            socket.Listen(options.GetInt32("backlog", 4096));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw SocketErrors.Translate(ex, $"listen on {local}");
        }

        return ValueTask.FromResult<IListener>(new TcpStreamListener(socket));
    }

    private static async Task<IPAddress[]> ResolveAsync(TransportAddress remote, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(remote.Host, out var literal))
        {
            return literal.AddressFamily == AddressFamily.InterNetwork
                ? [literal]
                : throw new TransportException(TransportError.AddressFamilyNotSupported, $"{remote}: {remote.Host} is an IPv6 address; use tcp6://[{remote.Host}]:{remote.Port}");
        }

        try
        {
            var all = await Dns.GetHostAddressesAsync(remote.Host, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
            return all.Length > 0 ? all : throw new TransportException(TransportError.HostNotFound, $"{remote.Host} has no IPv4 address");
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"resolve {remote.Host}");
        }
    }
}
