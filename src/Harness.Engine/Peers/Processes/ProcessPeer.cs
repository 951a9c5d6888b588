using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;

namespace Harness.Engine.Peers.Processes;

/// <summary>
/// A local program run as a peer: started in its own process group, its output captured, ready when its
/// readiness check passes, and stopped with all its children (SIGTERM to the group, a grace period,
/// then SIGKILL) whatever happened.
/// </summary>
internal sealed class ProcessPeer : IRunningPeer
{
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly string _name;
    private readonly bool _ownGroup;
    private readonly TimeSpan _grace;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopReading = new();
    private Task _reading = Task.CompletedTask;
    /// <summary>Its two output streams and the process itself: the output ends when all three have.</summary>
    private int _openStreams = 3;
    private volatile bool _stopping;
    private int _disposed;

    private ProcessPeer(Process process, string name, bool ownGroup, TimeSpan grace, Dictionary<string, string> variables)
    {
        _process = process;
        _name = name;
        _ownGroup = ownGroup;
        _grace = grace;
        Variables = variables;
    }

    public IReadOnlyDictionary<string, string> Variables { get; }

    public OutputLog Output { get; } = new();

    /// <summary>Completes when the program has exited.</summary>
    public Task Exited => _exited.Task;

    /// <summary>
    /// The output so far, once it has been quiet for a moment: a program often prints what it received
    /// just before it answers, and its answer can reach the harness before that line has crossed the pipe.
    /// </summary>
    public async ValueTask<string> ReadOutputAsync(CancellationToken cancellationToken)
    {
        await WaitAsync(() => Environment.TickCount64 - Output.LastAppend >= 100, TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        return Output.Text();
    }

    /// <summary>Starts the program and waits until it is ready, within <paramref name="timeout"/>.</summary>
    /// <exception cref="PeerStartException">
    /// The program does not exist, exited before it was ready, or was not ready in time; the exception carries its output.
    /// </exception>
    public static async Task<ProcessPeer> StartAsync(
        ProcessPeerDeclaration declaration, string baseDirectory, string runId, Func<string, string?> lookup, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var name = declaration.Name;
        var host = declaration.Host ?? "127.0.0.1";
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (declaration.Port is { } declared)
        {
            variables = PeerVariables.For(host, declared == 0 ? ListeningPorts.FindFree(host) : declared);
        }

        // The peer's own values exist before it starts, so that its command can pass its port on.
        string? Lookup(string key) =>
            key.StartsWith($"peers.{name}.", StringComparison.Ordinal) && variables.TryGetValue(key[(name.Length + 7)..], out var own) ? own : lookup(key);

        var info = StartInfo(declaration, baseDirectory, runId, Lookup, out var ownGroup);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new ProcessPeer(process, name, ownGroup, declaration.Grace ?? DefaultGrace, variables);
        process.Exited += (_, _) => peer.OnExited();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new PeerStartException($"peer '{name}': could not start {info.FileName}: {ex.Message}");
        }

        variables["pid"] = process.Id.ToString(CultureInfo.InvariantCulture);
        peer._reading = Task.WhenAll(peer.ReadAsync(process.StandardOutput), peer.ReadAsync(process.StandardError));

        // Peers read no terminal: an immediate end of input rather than a wait for a key press.
        process.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await peer.WaitUntilReadyAsync(declaration.Ready, host, Lookup, deadline.Token).ConfigureAwait(false);
            return peer;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            var why = Describe(declaration.Ready, variables);
            if (declaration.Ready is PortReadiness { } readiness
                && int.TryParse(readiness.Port?.ToString(CultureInfo.InvariantCulture) ?? variables.GetValueOrDefault("port"), CultureInfo.InvariantCulture, out var taken)
                && await ListeningPorts.IsListeningAsync(host, taken, null, CancellationToken.None).ConfigureAwait(false))
            {
                why = $"port {taken} is held by another program";
            }

            throw new PeerStartException($"peer '{name}' was not ready within {Durations.Format(timeout)} ({why})", peer.Output.Text());
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        var pid = _process.Id;
        if (_ownGroup)
        {
            // The whole group, even when the program itself has exited: its children may still run.
            if (ProcessSignals.SignalGroup(pid, ProcessSignals.SigTerm))
            {
                await WaitAsync(() => !ProcessSignals.GroupAlive(pid), _grace).ConfigureAwait(false);
                ProcessSignals.SignalGroup(pid, ProcessSignals.SigKill);
            }
        }
        else if (!_exited.Task.IsCompleted)
        {
            // Without setsid (not Linux) there is no group of its own: the program is asked, then its tree is killed.
            ProcessSignals.SignalProcess(pid, ProcessSignals.SigTerm);
            await WaitAsync(() => _exited.Task.IsCompleted, _grace).ConfigureAwait(false);
        }

        // Belt and braces: a descendant that left the group (setsid of its own) is still in the process tree.
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }

        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // The pipes close with the last process holding them; one that escaped the group is not waited for.
        await _reading.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _stopReading.CancelAsync().ConfigureAwait(false);
        await _reading.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_reading.IsCompleted)
        {
            _stopReading.Dispose();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(
        ProcessPeerDeclaration declaration, string baseDirectory, string runId, Func<string, string?> lookup, out bool ownGroup)
    {
        var name = declaration.Name;
        var command = declaration.Command.Select(part => part.Render(lookup)).ToList();
        var folder = declaration.WorkingDirectory is { } cwd ? Path.GetFullPath(cwd.Render(lookup), baseDirectory) : baseDirectory;
        if (!Directory.Exists(folder))
        {
            throw new PeerStartException($"peer '{name}': its working folder {folder} does not exist");
        }

        if (declaration.FilesConfined && ProcessPeerFiles.Problem(command, declaration.Shell, folder, baseDirectory) is { } outside)
        {
            throw new PeerStartException($"peer '{name}' ({declaration.Location}): {outside}");
        }

        if (declaration.Shell)
        {
            command = ["/bin/sh", "-c", command[0]];
        }

        var program = ProgramLocator.Find(command[0], folder)
            ?? throw new PeerStartException(command[0].Contains('/', StringComparison.Ordinal)
                ? $"peer '{name}': no such program {Path.GetFullPath(command[0], folder)}"
                : $"peer '{name}': no such program '{command[0]}' in PATH");

        ownGroup = ProgramLocator.SetSid is not null;
        var info = new ProcessStartInfo
        {
            FileName = ProgramLocator.SetSid ?? program,
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (ownGroup)
        {
            info.ArgumentList.Add(program);
        }

        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        // Python buffers a pipe's output in blocks: without this a peer's print() would reach the harness
        // only when it exits, too late for readiness on output and for `expect: { output }`.
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["HARNESS_PEER"] = name;
        info.Environment["HARNESS_RUN_ID"] = runId;
        foreach (var (key, value) in declaration.Environment)
        {
            info.Environment[key] = value.Render(lookup);
        }

        // Set last, so that no scenario can hide a peer from the sweep that stops what a killed harness left.
        if (OrphanedPeers.Owner is { } owner)
        {
            info.Environment[OrphanedPeers.OwnerVariable] = owner;
        }

        return info;
    }

    private static string Describe(Readiness ready, Dictionary<string, string> variables) => ready switch
    {
        PortReadiness { Port: { } port } => $"nothing listened on port {port}",
        PortReadiness => $"nothing listened on port {variables.GetValueOrDefault("port")}",
        OutputReadiness output => $"no line of its output contained \"{output.Text.Raw}\"",
        _ => "it did not start",
    };

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!done() && clock.Elapsed < limit)
        {
            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task WaitUntilReadyAsync(Readiness ready, string host, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        switch (ready)
        {
            case PortReadiness port:
            {
                var number = port.Port ?? int.Parse(Variables["port"], CultureInfo.InvariantCulture);
                int? owner = _ownGroup ? _process.Id : null;
                while (!await ListeningPorts.IsListeningAsync(host, number, owner, cancellationToken).ConfigureAwait(false))
                {
                    await ThrowIfExitedAsync().ConfigureAwait(false);
                    await Task.WhenAny(_exited.Task, Task.Delay(25, cancellationToken)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                break;
            }

            case OutputReadiness output:
            {
                var waiting = Output.WaitForLineAsync(output.Text.Render(lookup), 0, cancellationToken);
                await Task.WhenAny(waiting, _exited.Task).ConfigureAwait(false);
                if (!waiting.IsCompleted)
                {
                    await ThrowIfExitedAsync().ConfigureAwait(false);
                }

                if (await waiting.ConfigureAwait(false) is null)
                {
                    await ThrowIfExitedAsync().ConfigureAwait(false);
                }

                break;
            }

            case DelayReadiness delay:
                await Task.WhenAny(_exited.Task, Task.Delay(delay.Delay, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                break;
        }

        // A program that exits at once (a typo in an argument, a port in use) is not ready, whatever the check said.
        await ThrowIfExitedAsync().ConfigureAwait(false);
    }

    private async Task ThrowIfExitedAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            return;
        }

        // The last lines are often the reason ("Address already in use"): give the readers a moment to deliver them.
        await WaitAsync(() => Volatile.Read(ref _openStreams) == 0, TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        throw new PeerStartException($"peer '{_name}' exited with code {_process.ExitCode} before it was ready", Output.Text());
    }

    /// <summary>Reads one of the program's output pipes to its end, a line at a time.</summary>
    private async Task ReadAsync(StreamReader pipe)
    {
        try
        {
            await OutputLineReader.ReadAsync(pipe, OnLine, _stopReading.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pipe broke or the peer is being disposed: its output ends here, as at the end of the stream.
        }

        OnLine(null);
    }

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            Output.Append(line);
        }
        else if (Interlocked.Decrement(ref _openStreams) == 0)
        {
            Output.End();
        }
    }

    private void OnExited()
    {
        if (!_stopping)
        {
            // Said in the output, where a failure report shows it next to the program's last words.
            Output.Append($"[harness] the program exited with code {_process.ExitCode}");
        }

        _exited.TrySetResult();
        OnLine(null);
    }
}
