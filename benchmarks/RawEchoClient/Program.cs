using System.Net;
using System.Net.Sockets;
using System.Text;

// An echo server in process on a free loopback port, like the harness's built-in echo peer.
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
listener.Listen(16);
var server = Task.Run(async () =>
{
    using var accepted = await listener.AcceptAsync();
    var buffer = new byte[4096];
    int n;
    while ((n = await accepted.ReceiveAsync(buffer, SocketFlags.None)) > 0)
    {
        await accepted.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
    }
});

// The client: connect, send "Hello, Server!", read until as many bytes came back, compare, close.
var message = Encoding.UTF8.GetBytes("Hello, Server!");
using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
    await client.ConnectAsync(listener.LocalEndPoint!, timeout.Token);
    await client.SendAsync(message, SocketFlags.None, timeout.Token);
    var reply = new byte[message.Length];
    var got = 0;
    while (got < reply.Length)
    {
        var n = await client.ReceiveAsync(reply.AsMemory(got), SocketFlags.None, timeout.Token);
        if (n == 0)
        {
            break;
        }

        got += n;
    }

    if (!reply.AsSpan(0, got).SequenceEqual(message))
    {
        Console.WriteLine("FAIL  TCP echo");
        return 1;
    }
}

await server;
Console.WriteLine("PASS  TCP echo");
return 0;
