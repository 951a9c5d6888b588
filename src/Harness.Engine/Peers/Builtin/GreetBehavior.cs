using System.Text;
using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>
/// Sends a greeting as soon as a client connects, then closes. Over datagrams there is no connect,
/// so each datagram a client sends is answered with the greeting.
/// </summary>
internal sealed class GreetBehavior(string message) : IBuiltinPeerBehavior
{
    public const string DefaultMessage = "Hello from harness\n";

    private readonly byte[] _greeting = Encoding.UTF8.GetBytes(message);

    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        await connection.SendAsync(_greeting, cancellationToken).ConfigureAwait(false);
        await GracefulClose.CloseAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public async Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[connection.MaxDatagramSize];
        while (true)
        {
            _ = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(_greeting, cancellationToken).ConfigureAwait(false);
        }
    }
}
