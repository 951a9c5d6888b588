using Harness.Abstractions;
using Harness.Engine.Loading;

namespace Harness.Engine.Peers.Builtin;

/// <summary>Sends back whatever arrives: every byte on a stream, every datagram as one datagram; after <c>delay</c> if set.</summary>
internal sealed class EchoBehavior(TimeSpan delay = default) : IBuiltinPeerBehavior
{
    /// <summary>The <c>delay</c> option, such as <c>50ms</c>; none by default.</summary>
    public static TimeSpan Delay(BuiltinPeerSettings settings) =>
        settings.Options.TryGetValue("delay", out var text)
            ? Durations.TryParse(text, out var delay) ? delay : throw new PeerStartException($"echo peer: delay '{text}' is not {Durations.Expected}")
            : TimeSpan.Zero;

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

            await WaitAsync(cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(buffer.AsMemory(0, received), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[connection.MaxDatagramSize];
        while (true)
        {
            var datagram = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            await WaitAsync(cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(buffer.AsMemory(0, datagram.Length), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task WaitAsync(CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
}
