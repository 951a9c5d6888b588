using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>The discard service (RFC 863): reads everything and answers nothing, until the client closes.</summary>
internal sealed class DiscardBehavior : IBuiltinPeerBehavior
{
    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public async Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[connection.MaxDatagramSize];
        while (true)
        {
            _ = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }
}
