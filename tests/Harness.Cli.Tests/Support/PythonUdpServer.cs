using System.Diagnostics;
using System.Globalization;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// An independent UDP server, a few lines of Python with recvfrom/sendto, that the harness knows only by
/// its address. It binds a free loopback port, prints it, and answers each datagram per its mode.
/// </summary>
internal sealed class PythonUdpServer : IDisposable
{
    private const string Script = """
        import socket, sys
        family = socket.AF_INET6 if sys.argv[1] == "6" else socket.AF_INET
        host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        mode = sys.argv[2]
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.bind((host, 0))
        other = socket.socket(family, socket.SOCK_DGRAM)
        other.bind((host, 0))
        print(s.getsockname()[1], flush=True)
        while True:
            data, source = s.recvfrom(65535)
            if mode == "echo":
                s.sendto(data, source)
            elif mode == "upper":
                s.sendto(data.upper(), source)
            elif mode == "other-socket":
                other.sendto(data, source)
        """;

    private readonly Process _process;

    private PythonUdpServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts the server: <paramref name="family"/> "4" or "6"; mode "echo", "upper" or "other-socket" (replies from another port).</summary>
    public static async Task<PythonUdpServer> StartAsync(string family, string mode)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(family);
        info.ArgumentList.Add(mode);
        var process = Process.Start(info)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = await process.StandardOutput.ReadLineAsync(limit.Token);
        return new PythonUdpServer(process, int.Parse(line!, CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
