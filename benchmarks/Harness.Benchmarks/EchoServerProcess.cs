using System.Diagnostics;
using System.Globalization;

namespace Harness.Benchmarks;

/// <summary>Starts <see cref="RawEchoServer"/> in another process and reads the port it chose.</summary>
internal sealed class EchoServerProcess : IDisposable
{
    private readonly Process _process;

    public EchoServerProcess()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(EchoServerProcess).Assembly.Location);
        }

        info.ArgumentList.Add("echo-server");

        // When the benchmark runs under dotnet-trace, the echo server must not wait for a tracer of its own.
        info.Environment.Remove("DOTNET_DiagnosticPorts");
        _process = Process.Start(info)!;
        Port = int.Parse(_process.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
    }

    public int Port { get; }

    /// <summary>The most connections the server held at once, known after <see cref="Dispose"/>.</summary>
    public int PeakConnections { get; private set; }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _process.StandardInput.Close();
        if (int.TryParse(_process.StandardOutput.ReadLine(), CultureInfo.InvariantCulture, out var peak))
        {
            PeakConnections = peak;
        }

        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private bool _disposed;
}
