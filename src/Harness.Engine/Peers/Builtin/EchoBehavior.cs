using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>Sends back whatever arrives: every byte on a stream, every datagram as one datagram.</summary>
internal sealed class EchoBehavior : IBuiltinPeerBehavior
{
    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                return;
            }

            await connection.SendAsync(buffer.AsMemory(0, received), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[connection.MaxDatagramSize];
        while (true)
        {
            var datagram = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(buffer.AsMemory(0, datagram.Length), cancellationToken).ConfigureAwait(false);
        }
    }
}
