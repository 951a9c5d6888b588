using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Harness.Abstractions;

/// <summary>
/// Where to connect or listen: <c>scheme://host:port</c>. The scheme picks the transport plugin.
/// IPv6 literals are written in brackets (<c>tcp6://[::1]:7</c>) and may carry a scope id
/// (<c>[fe80::1%eth0]</c>); <see cref="Host"/> holds them without brackets.
/// </summary>
/// <param name="Scheme">The transport scheme, lower case, such as <c>tcp</c> or <c>udp6</c>.</param>
/// <param name="Host">A host name or an IP literal (IPv6 without brackets).</param>
/// <param name="Port">The port, 0 to 65535; 0 asks the system for a free one when listening.</param>
public sealed record TransportAddress(string Scheme, string Host, int Port)
{
    /// <summary>The <c>host:port</c> part, with brackets around IPv6 literals.</summary>
    public string Authority => Host.Contains(':', StringComparison.Ordinal)
        ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}://{Authority}";

    /// <summary>Parses <c>scheme://host:port</c>; on failure <paramref name="error"/> says what is wrong.</summary>
    /// <param name="text">The address text.</param>
    /// <param name="address">The parsed address, when the text is valid.</param>
    /// <param name="error">Why the text is not an address, when it is not.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid address.</returns>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out TransportAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            error = $"'{text}' is not an address: expected scheme://host:port, such as tcp://127.0.0.1:7";
            return false;
        }

        var scheme = text[..separator].ToLowerInvariant();
        var authority = text[(separator + 3)..].TrimEnd('/');
        string host;
        string portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= authority.Length || authority[close + 1] != ':')
            {
                error = $"'{text}' is not an address: an IPv6 literal is written [addr]:port, such as tcp6://[::1]:7";
                return false;
            }

            host = authority[1..close];
            portText = authority[(close + 2)..];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon < 0)
            {
                error = $"'{text}' has no port: expected {scheme}://host:port";
                return false;
            }

            if (authority.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = $"'{text}' is not an address: write IPv6 literals in brackets, such as {scheme}://[::1]:7";
                return false;
            }

            host = authority[..colon];
            portText = authority[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            error = $"'{text}' has no host: expected {scheme}://host:port";
            return false;
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{text}' has no valid port: '{portText}' is not a number from 0 to 65535";
            return false;
        }

        address = new TransportAddress(scheme, host, port);
        error = null;
        return true;
    }
}
