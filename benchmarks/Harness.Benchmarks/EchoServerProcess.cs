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
        _process = Process.Start(info)!;
        Port = int.Parse(_process.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
    }

    public int Port { get; }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
