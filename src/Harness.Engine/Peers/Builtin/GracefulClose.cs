using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>
/// Ends a stream conversation the way a careful server does: closing a socket that still holds unread
/// bytes makes the kernel send a reset, which can destroy the reply the client has not read yet. So the
/// sending side is shut down first (the client reads end of stream after the reply), and whatever the
/// client still sends is read and dropped until it closes too, for a bounded time.
/// </summary>
internal static class GracefulClose
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    public static async Task CloseAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ShutdownSendAsync(cancellationToken).ConfigureAwait(false);
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            linger.CancelAfter(Linger);
            var buffer = new byte[4096];
            while (await connection.ReceiveAsync(buffer, linger.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client kept the connection open: the linger time is up, close anyway.
        }
        catch (TransportException)
        {
            // The client reset or went away first: nothing is left to protect.
        }
    }
}
