using System.Globalization;
using System.Text;
using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>
/// The daytime service (RFC 867): sends the current date and time as one line of ASCII on connect and
/// closes; over datagrams, answers each datagram with it. The RFC fixes no syntax; this one is
/// <c>Sunday, November 22, 2026 01:15:06-UTC</c>, always in UTC so that tests can parse it.
/// </summary>
internal sealed class DaytimeBehavior(TimeProvider time) : IBuiltinPeerBehavior
{
    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        await connection.SendAsync(Now(), cancellationToken).ConfigureAwait(false);
        await GracefulClose.CloseAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public async Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[connection.MaxDatagramSize];
        while (true)
        {
            _ = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(Now(), cancellationToken).ConfigureAwait(false);
        }
    }

    private byte[] Now() =>
        Encoding.ASCII.GetBytes(time.GetUtcNow().ToString("dddd, MMMM d, yyyy HH:mm:ss'-UTC'\r\n", CultureInfo.InvariantCulture));
}
