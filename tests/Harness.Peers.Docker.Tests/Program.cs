using System.Runtime.InteropServices;
using Harness.Peers.Docker.Tests.Support;

namespace Harness.Peers.Docker.Tests;

/// <summary>
/// The test assembly is also a tiny harness for the signal test: <c>dotnet
/// Harness.Peers.Docker.Tests.dll signal-probe RUNID</c> starts a container peer, says
/// "started", and waits to be interrupted, so that the test can send it SIGINT or SIGTERM and
/// count what is left.
/// </summary>
internal static partial class Program
{
    private const int SigInt = 2;

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["signal-probe", var runId])
        {
            await Console.Error.WriteLineAsync("usage: signal-probe RUNID (the tests run through dotnet test)").ConfigureAwait(false);
            return 2;
        }

        // A child started from a background job or a test host inherits SIGINT as ignored, and the
        // runtime keeps an ignored signal ignored. A harness in a terminal gets Ctrl-C with the
        // default disposition: restore that before the plugin registers its handler.
        _ = Signal(SigInt, IntPtr.Zero);

        var kind = new ContainerPeerKind();
        var peer = await kind.StartAsync(
            new Abstractions.PeerStartRequest(
                "sleeper",
                runId,
                Some.Map(("image", Some.Busybox), ("command", Some.List("sleep", "300"))),
                AppContext.BaseDirectory),
            CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"started {peer.Variables["container"]}");
        await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
        return 0;
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);
}
