using System.Net;
using System.Net.Sockets;

namespace Harness.Benchmarks;

/// <summary>The echo server both sides are measured against: plain sockets, its own process.</summary>
internal static class RawEchoServer
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // Buffers larger than a bulk chunk (inherited by accepted sockets): a client may send a whole chunk
        // before reading its echo without the two sides blocking each other.
        listener.ReceiveBufferSize = 4 * 1024 * 1024;
        listener.SendBufferSize = 4 * 1024 * 1024;
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(65535);
        Console.WriteLine(((IPEndPoint)listener.LocalEndPoint!).Port);
        Console.Out.Flush();

        // The parent stops us by closing our standard input; we answer with the peak of concurrent connections.
        _ = Task.Run(() => { Console.In.ReadToEnd(); Console.WriteLine(Volatile.Read(ref _peak)); Console.Out.Flush(); Environment.Exit(0); }, CancellationToken.None);
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptAsync(cancellationToken);
            client.NoDelay = true;
            _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
        }

        return 0;
    }

    private static int _open;
    private static int _peak;

    private static async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        var open = Interlocked.Increment(ref _open);
        int peak;
        while (open > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, open, peak) != peak)
        {
        }

        using (client)
        {
            // Small for the 10,000-connection benchmark, grown for bulk when a receive fills it.
            var buffer = new byte[4096];
            try
            {
                int received;
                while ((received = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, received), SocketFlags.None, cancellationToken);
                    if (received == buffer.Length && buffer.Length < 256 * 1024)
                    {
                        buffer = new byte[256 * 1024];
                    }
                }
            }
            catch (SocketException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }
}
