using System.Globalization;
using System.Net;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Faults;
using Harness.Engine.Plugins;

namespace Harness.Engine.Running;

/// <summary>
/// Carries out steps for one client of a scenario run: its connections, listeners and variables
/// (captures, loop items, <c>${client.index}</c>). Expect lives in StepExecutor.Expect.cs, the
/// server side in StepExecutor.Server.cs.
/// </summary>
internal sealed partial class StepExecutor : IAsyncDisposable
{
    private readonly Dictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IListener> _listeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _listenerSchemes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly PluginCatalog _catalog;
    private readonly RunSettings _settings;
    private readonly Func<string, string?> _baseLookup;
    private readonly TimeProvider _time;
    private readonly int _clientIndex;
    private int _faultedConnections;

    public StepExecutor(PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, TimeProvider time, long startedAt, int clientIndex = 1, int clientCount = 1)
    {
        _catalog = catalog;
        _settings = settings;
        _baseLookup = lookup;
        _time = time;
        Transcript = new Transcript(time, startedAt);
        Recorder = settings.Recording is { } limits ? new ConversationRecorder(time, startedAt, limits) : null;
        _clientIndex = clientIndex;
        _variables["client.index"] = clientIndex.ToString(CultureInfo.InvariantCulture);
        _variables["client.count"] = clientCount.ToString(CultureInfo.InvariantCulture);
    }

    public Transcript Transcript { get; }

    /// <summary>The whole conversation, when a report asked for it (<see cref="RunSettings.Recording"/>).</summary>
    private ConversationRecorder? Recorder { get; }

    /// <summary>
    /// The conversation so far, when it is recorded, with the connections still open closed at this moment: the client
    /// is done, and disposing it closes them.
    /// </summary>
    public Conversation? BuildConversation()
    {
        if (Recorder is null)
        {
            return null;
        }

        foreach (var state in _connections.Values)
        {
            Recorder.Add(ConversationEventKind.Closed, state.RecordId, [], null);
        }

        return Recorder.Build();
    }

    /// <summary>
    /// The innermost step running (a step of a <c>repeat</c>, say), or the one that was when a step failed: when the
    /// scenario's timeout cuts a step short, the failure names the one that was waiting.
    /// </summary>
    public Step? Running { get; private set; }

    public async Task RunAsync(Step step, CancellationToken cancellationToken)
    {
        var outer = Running;
        Running = step;
        await RunStepAsync(step, cancellationToken).ConfigureAwait(false);

        // Only on success: a step that throws stays the one to name.
        Running = outer;
    }

    private Task RunStepAsync(Step step, CancellationToken cancellationToken) => step switch
    {
        ConnectStep connect => ConnectAsync(connect, cancellationToken),
        StartStep start => StartPeerAsync(start, cancellationToken),
        ExpectStep { Expectation: OutputExpectation } output => ExpectOutputAsync(output, cancellationToken),
        SendStep send => SendAsync(send, cancellationToken),
        ExpectStep expect => ExpectAsync(expect, cancellationToken),
        CloseStep close => CloseAsync(close),
        ShutdownStep shutdown => ShutdownAsync(shutdown, cancellationToken),
        SleepStep sleep => Task.Delay(sleep.Duration, _time, cancellationToken),
        RepeatStep repeat => RepeatAsync(repeat, cancellationToken),
        ListenStep listen => ListenAsync(listen, cancellationToken),
        AcceptStep accept => AcceptAsync(accept, cancellationToken),
        _ => throw new StepFailedException(new Failure($"step `{step.Keyword}` is not supported by this runner", step)),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var state in _connections.Values)
        {
            await state.Connection.DisposeAsync().ConfigureAwait(false);
            state.Buffer.Release();
        }

        foreach (var listener in _listeners.Values)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
        _listeners.Clear();
    }

    /// <summary>A variable's value: this client's own (captures, loop items), its connections and listeners, then the scenario's.</summary>
    internal string? Lookup(string name)
    {
        if (_variables.TryGetValue(name, out var value))
        {
            return value;
        }

        var parts = name.Split('.');
        return parts switch
        {
            ["connection", var side, var key] => ConnectionValue(Connections.Default, side, key),
            ["connections", var connection, var side, var key] => ConnectionValue(connection, side, key),
            ["listeners", var listener, var key] when _listeners.TryGetValue(listener, out var open) => EndpointValue(open.LocalEndPoint, key),
            _ => _baseLookup(name),
        };
    }

    private string? ConnectionValue(string name, string side, string key) =>
        _connections.TryGetValue(name, out var state)
            ? EndpointValue(side == "local" ? state.Connection.LocalEndPoint : state.Connection.RemoteEndPoint, key)
            : null;

    /// <summary><c>host</c>, <c>port</c> or <c>endpoint</c> (host:port, with IPv6 hosts in brackets) of an end point.</summary>
    internal static string? EndpointValue(EndPoint endPoint, string key)
    {
        var (host, port) = endPoint switch
        {
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            _ => (endPoint.ToString() ?? string.Empty, 0),
        };
        return key switch
        {
            "host" => host,
            "port" => port.ToString(CultureInfo.InvariantCulture),
            "endpoint" => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}",
            _ => null,
        };
    }

    private async Task ConnectAsync(ConnectStep step, CancellationToken cancellationToken)
    {
        var (transport, address, options) = Resolve(step, step.Address, step.Options);
        var timeout = step.Timeout ?? _settings.ConnectTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = _time.GetTimestamp();
        IConnection connection;
        try
        {
            connection = step.Faults is { } faults
                ? await ConnectThroughFaultsAsync(step, transport, address, options, faults, deadline.Token).ConfigureAwait(false)
                : await transport.ConnectAsync(address, options, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Refused and unreachable come back as errors at once; silence means the handshake never completed.
            throw new StepFailedException(new Failure(
                $"could not connect to {address} within {Durations.Format(timeout)}: no answer to the connection request (a server that does not accept connections, its listen backlog full, or a firewall dropping them)",
                step, Waited: _time.GetElapsedTime(started)));
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure($"could not connect to {address}: {ex.Message}", step, Waited: _time.GetElapsedTime(started)))
            {
                CouldNotRun = ex.Error == TransportError.AddressFamilyNotSupported,
            };
        }
        catch (FormatException ex)
        {
            throw new StepFailedException(new Failure($"connect {address}: {ex.Message}", step));
        }

        await OpenedAsync(step.Connection, connection, address.Scheme, listener: null, step).ConfigureAwait(false);
    }

    private Task<IConnection> ConnectThroughFaultsAsync(
        ConnectStep step, ITransport transport, TransportAddress address, TransportOptions options, FaultPlan faults, CancellationToken cancellationToken)
    {
        CheckFaultsFit(step, faults, transport, address);
        return FaultProxy.ConnectAsync(transport, address, options, faults, NextFaultSeed(faults), _time, cancellationToken);
    }

    private static void CheckFaultsFit(Step step, FaultPlan faults, ITransport transport, TransportAddress address)
    {
        if (FaultProxy.Mismatch(faults, transport.Kind, address.Scheme) is { } problem)
        {
            throw new StepFailedException(new Failure(problem, step));
        }
    }

    /// <summary>Every client and every connection or listener draws its own choices, all of them fixed by the scenario's seed.</summary>
    private int NextFaultSeed(FaultPlan faults) => unchecked(faults.Seed + ((_clientIndex - 1) * 1_000_003) + (_faultedConnections++ * 7919));

    /// <summary>The transport, address and options of a connect or listen step, with variables resolved.</summary>
    private (ITransport Transport, TransportAddress Address, TransportOptions Options) Resolve(Step step, Template addressTemplate, IReadOnlyDictionary<string, Template> options)
    {
        var text = addressTemplate.Render(Lookup);
        if (!TransportAddress.TryParse(text, out var address, out var error))
        {
            throw new StepFailedException(new Failure(error, step));
        }

        if (!_catalog.TryGetTransport(address.Scheme, out var transport))
        {
            throw new StepFailedException(new Failure(_catalog.ExplainMissingTransport(address.Scheme), step)) { CouldNotRun = true };
        }

        var values = new TransportOptions(options.ToDictionary(pair => pair.Key, pair => pair.Value.Render(Lookup), StringComparer.OrdinalIgnoreCase));
        return (transport, address, values);
    }

    private async Task OpenedAsync(string name, IConnection connection, string scheme, string? listener, Step step)
    {
        if (_connections.Remove(name, out var previous))
        {
            Recorder?.Add(ConversationEventKind.Closed, previous.RecordId, [], step);
            await previous.Connection.DisposeAsync().ConfigureAwait(false);
            previous.Buffer.Release();
        }

        _connections[name] = new ConnectionState(name, connection, _settings.MaxReceiveBytes)
        {
            LastSentAt = _time.GetTimestamp(),
            RecordId = Recorder?.Opened(name, scheme, connection, listener, step) ?? -1,
        };
    }

    /// <summary>Bytes that crossed <paramref name="state"/>: kept for the failure story and, when asked for, the whole conversation.</summary>
    private void Recorded(ConnectionState state, Direction direction, ReadOnlySpan<byte> bytes)
    {
        Transcript.Record(state.Name, direction, bytes);
        Recorder?.Add(direction == Direction.Sent ? ConversationEventKind.Sent : ConversationEventKind.Received, state.RecordId, bytes, Running);
    }

    /// <summary>The peer closed its sending side: a stream receive returned 0.</summary>
    private void PeerClosed(ConnectionState state)
    {
        if (!state.PeerClosed)
        {
            Recorder?.Add(ConversationEventKind.PeerClosed, state.RecordId, [], Running);
        }

        state.PeerClosed = true;
    }

    private async Task SendAsync(SendStep step, CancellationToken cancellationToken)
    {
        var state = Open(step.Connection, step);
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = step.Payload.Resolve(Lookup);
        }
        catch (IOException ex)
        {
            throw new StepFailedException(new Failure($"cannot read {step.Payload.Describe()}: {ex.Message}", step)) { CouldNotRun = true };
        }
        catch (FormatException ex)
        {
            throw new StepFailedException(new Failure($"cannot decode {step.Payload.Describe()}: {ex.Message}", step));
        }

        var wire = bytes;
        if (step.Prefix is { } prefix)
        {
            byte[] header;
            try
            {
                header = FramedMatcher.PrefixFor(prefix, bytes.Length);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new StepFailedException(new Failure(ex.Message.Split(" (Parameter", 2)[0], step));
            }

            var framed = new byte[header.Length + bytes.Length];
            header.CopyTo(framed, 0);
            bytes.CopyTo(framed.AsMemory(header.Length));
            wire = framed;
        }

        try
        {
            switch (state.Connection)
            {
                case IStreamConnection stream:
                    await stream.SendAsync(wire, cancellationToken).ConfigureAwait(false);
                    break;
                case IDatagramConnection datagram:
                    await datagram.SendAsync(wire, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure($"send failed: {ex.Message}", step));
        }

        state.LastSent = bytes;
        state.LastSentWire = wire;
        state.LastSentAt = _time.GetTimestamp();
        Recorded(state, Direction.Sent, wire.Span);
    }

    private async Task CloseAsync(CloseStep step)
    {
        var state = Open(step.Connection, step);
        _connections.Remove(step.Connection);
        Recorder?.Add(ConversationEventKind.Closed, state.RecordId, [], step);
        await state.Connection.DisposeAsync().ConfigureAwait(false);
        state.Buffer.Release();
    }

    private async Task ShutdownAsync(ShutdownStep step, CancellationToken cancellationToken)
    {
        var state = Open(step.Connection, step);
        if (state.Connection is not IStreamConnection stream)
        {
            throw new StepFailedException(new Failure("`shutdown` half-closes a stream; a datagram connection has no sending side to close", step));
        }

        try
        {
            await stream.ShutdownSendAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure($"shutdown failed: {ex.Message}", step));
        }
    }

    private async Task RepeatAsync(RepeatStep step, CancellationToken cancellationToken)
    {
        var items = step.Over?.Select(item => item.Render(Lookup)).ToList()
            ?? Enumerable.Range(1, step.Times!.Value).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var previous = _variables.GetValueOrDefault(step.Variable);
        foreach (var item in items)
        {
            _variables[step.Variable] = item;
            foreach (var inner in step.Steps)
            {
                await RunAsync(inner, cancellationToken).ConfigureAwait(false);
            }
        }

        if (previous is null)
        {
            _variables.Remove(step.Variable);
        }
        else
        {
            _variables[step.Variable] = previous;
        }
    }

    private ConnectionState Open(string name, Step step) =>
        _connections.TryGetValue(name, out var state)
            ? state
            : throw new StepFailedException(new Failure($"{Connections.Display(name)} is not open (connect first, or it was closed)", step));
}
