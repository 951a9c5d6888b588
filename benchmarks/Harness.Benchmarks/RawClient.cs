using System.Net;
using System.Net.Sockets;

namespace Harness.Benchmarks;

/// <summary>The baseline: a minimal client on a C# Socket doing the same exchanges as the scenario.</summary>
internal static class RawClient
{
    /// <summary>Sends <paramref name="message"/> and reads back exactly as many bytes, <paramref name="count"/> times.</summary>
    public static async Task ExchangeAsync(int port, byte[] message, int count, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        var buffer = new byte[Math.Max(message.Length, 4096)];
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(message, SocketFlags.None, cancellationToken);
            var got = 0;
            while (got < message.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(got, message.Length - got), SocketFlags.None, cancellationToken);
                if (n == 0)
                {
                    throw new InvalidOperationException("the echo server closed early");
                }

                got += n;
            }

            if (!buffer.AsSpan(0, message.Length).SequenceEqual(message))
            {
                throw new InvalidOperationException("the echo differs");
            }
        }
    }
}
