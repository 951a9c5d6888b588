using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>
/// A transport over IP sockets of one address family and one kind: TCP streams or UDP datagrams, over
/// IPv4 or IPv6. A transport plugin is this class with a scheme, a family and a kind; the socket code
/// lives here once.
/// </summary>
/// <remarks>
/// Options (<see cref="TransportOptions"/>): <c>nodelay</c> (stream connections, default true),
/// <c>connected</c> (datagram clients, default true; false sends to the address and receives from
/// anyone), <c>backlog</c> (stream listeners), and <c>v6only</c> (IPv6 listeners, default true; false
/// also accepts IPv4 peers as IPv4-mapped addresses). An unknown option is an error, so a typo is not
/// silently ignored.
/// </remarks>
public sealed class SocketTransport : ITransport
{
    private readonly IpFamily _family;

    /// <summary>Creates a transport.</summary>
    /// <param name="scheme">The scheme it answers to, such as <c>udp6</c>.</param>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>: the only family its sockets use.</param>
    /// <param name="kind">TCP streams or UDP datagrams.</param>
    public SocketTransport(string scheme, AddressFamily family, TransportKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        Scheme = scheme;
        Kind = kind;
        _family = IpFamily.Of(family);
    }

    /// <inheritdoc />
    public string Scheme { get; }

    /// <inheritdoc />
    public TransportKind Kind { get; }

    /// <summary>The address family of every socket this transport opens.</summary>
    public AddressFamily AddressFamily => _family.AddressFamily;

    /// <inheritdoc />
    public async ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(options);
        var what = $"connect to {remote}";
        var (nodelay, connected) = ReadConnectOptions(options, what);
        var addresses = await AddressResolver.ResolveAsync(remote, _family, Kind, cancellationToken).ConfigureAwait(false);
        return Kind == TransportKind.Stream
            ? await ConnectStreamAsync(remote, addresses, nodelay, cancellationToken).ConfigureAwait(false)
            : ConnectDatagram(new IPEndPoint(addresses[0], remote.Port), connected, what);
    }

    /// <inheritdoc />
    public async ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(options);
        var what = $"listen on {local}";
        var (v6only, backlog) = ReadListenOptions(options, what);
        var address = await AddressResolver.ResolveLocalAsync(local, _family, Kind, cancellationToken).ConfigureAwait(false);
        if (address.IsIPv4MappedToIPv6 && v6only)
        {
            throw new TransportException(TransportError.AddressNotAvailable, $"{what}: an IPv4-mapped address can be bound only with the option v6only: false");
        }

        var socket = _family.CreateSocket(Kind, what);
        try
        {
            if (_family.IsV6)
            {
                // Set explicitly: the system default (net.ipv6.bindv6only) differs between hosts.
                socket.DualMode = !v6only;
            }

            socket.Bind(new IPEndPoint(address, local.Port));
            if (Kind == TransportKind.Stream)
            {
                socket.Listen(backlog);
                return new StreamListener(socket);
            }

            return new DatagramListener(socket, Scheme);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw _family.Translate(ex, what, Kind, address);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<IConnection> ConnectStreamAsync(TransportAddress remote, IPAddress[] addresses, bool nodelay, CancellationToken cancellationToken)
    {
        TransportException? last = null;
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(address, remote.Port);
            var socket = _family.CreateSocket(Kind, $"connect to {remote}");
            try
            {
                // Scenarios are request/response exchanges: never hold a small send back waiting for an ACK.
                socket.NoDelay = nodelay;
                AllowMapped(socket, address);
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return new StreamConnection(socket);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = _family.Translate(ex, $"connect to {endPoint}", Kind, address);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private DatagramConnection ConnectDatagram(IPEndPoint remote, bool connected, string what)
    {
        var socket = _family.CreateSocket(Kind, what);
        try
        {
            AllowMapped(socket, remote.Address);
            if (connected)
            {
                // A UDP connect sends nothing: it fixes the peer, so that only its datagrams arrive and an
                // ICMP port unreachable comes back as an error instead of silence.
                socket.Connect(remote);
            }
            else
            {
                socket.Bind(new IPEndPoint(_family.Any, 0));
            }

            return new DatagramConnection(socket, Scheme, remote, connected);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw _family.Translate(ex, what, Kind, remote.Address);
        }
    }

    /// <summary>
    /// An IPv6 client reaches an IPv4 peer through its IPv4-mapped address (::ffff:127.0.0.1) only when the
    /// socket is not v6only; every other address keeps the socket IPv6 only.
    /// </summary>
    private void AllowMapped(Socket socket, IPAddress remote)
    {
        if (_family.IsV6)
        {
            socket.DualMode = remote.IsIPv4MappedToIPv6;
        }
    }

    private (bool NoDelay, bool Connected) ReadConnectOptions(TransportOptions options, string what)
    {
        string[] known = Kind == TransportKind.Stream ? ["nodelay"] : ["connected"];
        return Read(options, what, known, () => (options.GetBoolean("nodelay", true), options.GetBoolean("connected", true)));
    }

    private (bool V6Only, int Backlog) ReadListenOptions(TransportOptions options, string what)
    {
        string[] known = [.. Kind == TransportKind.Stream ? ["backlog"] : Array.Empty<string>(), .. _family.IsV6 ? ["v6only"] : Array.Empty<string>()];
        return Read(options, what, known, () => (options.GetBoolean("v6only", true), options.GetInt32("backlog", 4096)));
    }

    private T Read<T>(TransportOptions options, string what, string[] known, Func<T> read)
    {
        foreach (var name in options.Values.Keys)
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var list = known.Length == 0 ? "it takes none" : "known: " + string.Join(", ", known);
                throw new TransportException(TransportError.Other, $"{what}: {Scheme} has no option '{name}' here ({list})");
            }
        }

        try
        {
            return read();
        }
        catch (FormatException ex)
        {
            throw new TransportException(TransportError.Other, $"{what}: {ex.Message}", ex);
        }
    }
}
