using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>
/// Turns the host of a <see cref="TransportAddress"/> into IP addresses of one family only: a scenario
/// that says <c>tcp</c> tests IPv4 and one that says <c>tcp6</c> tests IPv6, never whichever the resolver
/// happened to prefer.
/// </summary>
internal static class AddressResolver
{
    /// <summary>The addresses to try, in order, for a remote host.</summary>
    public static async Task<IPAddress[]> ResolveAsync(TransportAddress address, IpFamily family, TransportKind kind, CancellationToken cancellationToken)
    {
        if (TryParseLiteral(address, family, kind) is { } literal)
        {
            return [literal];
        }

        // "localhost" is the loopback of the transport's family (RFC 6761), whatever /etc/hosts lists for it:
        // many hosts map it to 127.0.0.1 only, which would leave tcp6://localhost unresolvable.
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [family.Loopback];
        }

        try
        {
            var all = await Dns.GetHostAddressesAsync(address.Host, family.AddressFamily, cancellationToken).ConfigureAwait(false);
            var usable = all.Where(a => a.AddressFamily == family.AddressFamily).ToArray();
            return usable.Length > 0 ? usable : throw NoAddressOfFamily(address, family, kind);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            // The name exists for another family only, or not at all: either way none of this family.
            throw NoAddressOfFamily(address, family, kind, ex);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"resolve {address.Host}", kind);
        }
    }

    /// <summary>The one local address to bind for a listener.</summary>
    public static async Task<IPAddress> ResolveLocalAsync(TransportAddress address, IpFamily family, TransportKind kind, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(address, family, kind, cancellationToken).ConfigureAwait(false);
        return addresses[0];
    }

    /// <summary>An IP literal of the right family (with its scope id), null for a host name; a literal of the other family is an error.</summary>
    internal static IPAddress? TryParseLiteral(TransportAddress address, IpFamily family, TransportKind kind)
    {
        var host = address.Host;
        var percent = host.IndexOf('%', StringComparison.Ordinal);
        var bare = percent < 0 ? host : host[..percent];
        if (!IPAddress.TryParse(bare, out var literal))
        {
            return null;
        }

        if (literal.AddressFamily != family.AddressFamily)
        {
            var other = family.OtherScheme(kind);
            var hint = family.IsV6
                ? $"{address.Scheme} uses IPv6 only: write {other}://{address.Authority}, or the IPv4-mapped address {address.Scheme}://[::ffff:{host}]:{address.Port}"
                : $"{address.Scheme} uses IPv4 only: write {other}://{address.Authority}";
            throw new TransportException(TransportError.Other, $"{host} is an {(family.IsV6 ? "IPv4" : "IPv6")} address; {hint}");
        }

        if (percent >= 0)
        {
            literal.ScopeId = ScopeId(address, host[(percent + 1)..]);
        }

        return literal;
    }

    /// <summary>A scope id is an interface index (<c>%2</c>) or an interface name (<c>%eth0</c>).</summary>
    private static long ScopeId(TransportAddress address, string scope)
    {
        if (long.TryParse(scope, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index;
        }

        var match = NetworkInterface.GetAllNetworkInterfaces()
            .FirstOrDefault(n => string.Equals(n.Name, scope, StringComparison.Ordinal) && n.Supports(NetworkInterfaceComponent.IPv6));
        return match?.GetIPProperties().GetIPv6Properties()?.Index
            ?? throw new TransportException(TransportError.AddressNotAvailable, $"this host has no IPv6 network interface named '{scope}'");
    }

    private static TransportException NoAddressOfFamily(TransportAddress address, IpFamily family, TransportKind kind, Exception? inner = null) =>
        new(TransportError.HostNotFound, $"{address.Host} has no {family.Name} address ({address.Scheme} uses {family.Name} only; try {family.OtherScheme(kind)})", inner);
}
