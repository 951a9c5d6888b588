using System.Text;
using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>
/// Reads one message, replies with an acknowledgement, and closes. On a stream a message ends at the
/// <c>until</c> delimiter (a newline by default), or when the client closes its sending side; with an
/// empty delimiter, whatever the first receive brings is the message. A datagram is a whole message,
/// so each one is acknowledged and the conversation goes on.
/// </summary>
internal sealed class AckBehavior(string message, string until) : IBuiltinPeerBehavior
{
    public const string DefaultMessage = "ACK\n";
    public const string DefaultUntil = "\n";

    /// <summary>A message longer than this is acknowledged as it stands, so a client without a delimiter cannot grow memory.</summary>
    private const int MaxMessageBytes = 64 * 1024;

    private readonly byte[] _ack = Encoding.UTF8.GetBytes(message);
    private readonly byte[] _until = Encoding.UTF8.GetBytes(until);

    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        var count = 0;
        while (count < buffer.Length)
        {
            var received = await connection.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                if (count == 0)
                {
                    return; // Closed without a message: nothing to acknowledge.
                }

                break;
            }

            // The delimiter may straddle two receives, so search from just before the new bytes.
            var searchFrom = Math.Max(0, count - _until.Length + 1);
            count += received;
            if (_until.Length == 0 || buffer.AsSpan(searchFrom, count - searchFrom).IndexOf(_until) >= 0)
            {
                break;
            }
        }

        await connection.SendAsync(_ack, cancellationToken).ConfigureAwait(false);
        await GracefulClose.CloseAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public async Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[connection.MaxDatagramSize];
        while (true)
        {
            _ = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(_ack, cancellationToken).ConfigureAwait(false);
        }
    }
}
