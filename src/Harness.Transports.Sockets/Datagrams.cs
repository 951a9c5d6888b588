using System.Globalization;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>What every datagram connection does the same way: size limits, and receiving so that truncation shows.</summary>
internal static class Datagrams
{
    /// <summary>
    /// Received datagrams land in a buffer this large first: larger than any UDP payload, so the system never
    /// cuts one silently, and a caller's smaller buffer is reported as truncated by comparing lengths.
    /// </summary>
    public const int ReceiveBufferSize = 65536;

    /// <summary>The largest UDP payload: 65535 minus the UDP header, minus the IPv4 header (IPv6's is not counted in its length).</summary>
    public static int MaxPayload(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 65535 - 8 : 65535 - 8 - 20;

    public static void EnsureFits(ReadOnlyMemory<byte> datagram, int max, string scheme)
    {
        if (datagram.Length > max)
        {
            throw new TransportException(
                TransportError.MessageTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"a datagram of {datagram.Length} bytes is larger than the {max} bytes one {scheme} datagram can carry; it was not sent"));
        }
    }

    /// <summary>Copies a received datagram into the caller's buffer, cutting it (and saying so) when it does not fit.</summary>
    public static (int Length, bool Truncated) CopyOut(ReadOnlySpan<byte> received, Memory<byte> buffer)
    {
        var length = Math.Min(received.Length, buffer.Length);
        received[..length].CopyTo(buffer.Span);
        return (length, received.Length > buffer.Length);
    }
}
