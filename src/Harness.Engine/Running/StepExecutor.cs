using System.Text.RegularExpressions;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Plugins;

namespace Harness.Engine.Running;

/// <summary>Carries out steps against the connections of one scenario run.</summary>
internal sealed partial class StepExecutor(
    PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, TimeProvider time, long startedAt) : IAsyncDisposable
{
    private readonly Dictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);

    public Transcript Transcript { get; } = new(time, startedAt);

    public Task RunAsync(Step step, CancellationToken cancellationToken) => step switch
    {
        ConnectStep connect => ConnectAsync(connect, cancellationToken),
        StartStep start => StartPeerAsync(start, cancellationToken),
        ExpectStep { Expectation: OutputExpectation } output => ExpectOutputAsync(output, cancellationToken),
        SendStep send => SendAsync(send, cancellationToken),
        ExpectStep expect => ExpectAsync(expect, cancellationToken),
        CloseStep close => CloseAsync(close),
        _ => throw new StepFailedException(new Failure($"step `{step.Keyword}` is not supported by this runner", step)),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var state in _connections.Values)
        {
            await state.Connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
    }

    private async Task ConnectAsync(ConnectStep step, CancellationToken cancellationToken)
    {
        var text = step.Address.Render(lookup);
        if (!TransportAddress.TryParse(text, out var address, out var error))
        {
            throw new StepFailedException(new Failure(error, step));
        }

        if (!catalog.TryGetTransport(address.Scheme, out var transport))
        {
            throw new StepFailedException(new Failure(catalog.ExplainMissingTransport(address.Scheme), step)) { CouldNotRun = true };
        }

        var options = new TransportOptions(step.Options.ToDictionary(
            pair => pair.Key, pair => pair.Value.Render(lookup), StringComparer.OrdinalIgnoreCase));
        var timeout = step.Timeout ?? settings.ConnectTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = time.GetTimestamp();
        IConnection connection;
        try
        {
            connection = await transport.ConnectAsync(address, options, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StepFailedException(new Failure($"could not connect to {address} within {Durations.Format(timeout)}", step, Waited: time.GetElapsedTime(started)));
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure($"could not connect to {address}: {ex.Message}", step, Waited: time.GetElapsedTime(started)))
            {
                CouldNotRun = ex.Error == TransportError.AddressFamilyNotSupported,
            };
        }
        catch (FormatException ex)
        {
            throw new StepFailedException(new Failure($"connect {address}: {ex.Message}", step));
        }

        if (_connections.Remove(step.Connection, out var previous))
        {
            await previous.Connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections[step.Connection] = new ConnectionState(step.Connection, connection, settings.MaxReceiveBytes);
    }

    private async Task SendAsync(SendStep step, CancellationToken cancellationToken)
    {
        var state = Open(step.Connection, step);
        var bytes = step.Payload.Resolve(lookup);
        try
        {
            switch (state.Connection)
            {
                case IStreamConnection stream:
                    await stream.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
                    break;
                case IDatagramConnection datagram:
                    await datagram.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure($"send failed: {ex.Message}", step));
        }

        state.LastSent = bytes;
        Transcript.Record(state.Name, Direction.Sent, bytes.Span);
    }

    private Task ExpectAsync(ExpectStep step, CancellationToken cancellationToken)
    {
        var state = Open(step.Connection, step);
        var matcher = CreateMatcher(step, state);
        var timeout = step.Timeout ?? settings.StepTimeout;
        return state.Connection switch
        {
            IStreamConnection stream => ExpectOnStreamAsync(step, state, stream, matcher, timeout, cancellationToken),
            IDatagramConnection datagram => ExpectDatagramAsync(step, state, datagram, matcher, timeout, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>
    /// Reads until the matcher can decide: enough bytes, a match, the peer's close, or the timeout.
    /// Never one receive call: TCP delivers bytes in whatever pieces the network made.
    /// </summary>
    private async Task ExpectOnStreamAsync(
        ExpectStep step, ConnectionState state, IStreamConnection stream, IMatcher matcher, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        CancellationTokenSource? deadline = null;
        try
        {
            while (true)
            {
                var result = matcher.Match(state.Buffer.Data, state.PeerClosed);
                switch (result.Status)
                {
                    case MatchStatus.Matched:
                        state.Buffer.Consume(result.Consumed);
                        return;
                    case MatchStatus.Mismatch:
                        throw Mismatch(step, matcher, state, result.Reason!, started);
                }

                if (state.PeerClosed)
                {
                    throw Mismatch(step, matcher, state, state.Buffer.Count == 0 ? "the peer closed the connection without sending anything" : "the peer closed the connection", started);
                }

                if (state.Buffer.Count >= state.Buffer.Limit)
                {
                    throw Mismatch(step, matcher, state, $"{state.Buffer.Count} bytes arrived without a decision (limit {state.Buffer.Limit} bytes)", started);
                }

                if (deadline is null)
                {
                    deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(timeout);
                }

                int received;
                try
                {
                    received = await stream.ReceiveAsync(state.Buffer.FreeSpace(), deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw Mismatch(step, matcher, state, $"nothing decided within {Durations.Format(timeout)}", started);
                }
                catch (TransportException ex)
                {
                    throw Mismatch(step, matcher, state, ex.Message, started);
                }

                if (received == 0)
                {
                    state.PeerClosed = true;
                }
                else
                {
                    RecordReceived(state, received);
                }
            }
        }
        finally
        {
            deadline?.Dispose();
        }
    }

    private void RecordReceived(ConnectionState state, int received)
    {
        state.Buffer.Advance(received);
        Transcript.Record(state.Name, Direction.Received, state.Buffer.Data[^received..]);
    }

    private async Task ExpectDatagramAsync(
        ExpectStep step, ConnectionState state, IDatagramConnection datagram, IMatcher matcher, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        state.DatagramBuffer ??= new byte[datagram.MaxDatagramSize + 1];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        DatagramReceiveResult received;
        try
        {
            received = await datagram.ReceiveAsync(state.DatagramBuffer, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Mismatch(step, matcher, state, $"no datagram arrived within {Durations.Format(timeout)}", started);
        }
        catch (TransportException ex)
        {
            throw Mismatch(step, matcher, state, ex.Message, started);
        }

        var bytes = state.DatagramBuffer.AsMemory(0, received.Length);
        Transcript.Record(state.Name, Direction.Received, bytes.Span);
        if (received.Truncated)
        {
            throw new StepFailedException(new Failure(
                $"a datagram from {received.From} was larger than the {datagram.MaxDatagramSize}-byte read buffer and was truncated",
                step, matcher.Expected, bytes.ToArray(), time.GetElapsedTime(started)));
        }

        var result = matcher.Match(bytes.Span, complete: true);
        if (result.Status != MatchStatus.Matched)
        {
            throw new StepFailedException(new Failure(
                $"the datagram from {received.From} does not match: {result.Reason}", step, matcher.Expected, bytes.ToArray(), time.GetElapsedTime(started)));
        }
    }

    private Task CloseAsync(CloseStep step)
    {
        var state = Open(step.Connection, step);
        _connections.Remove(step.Connection);
        return state.Connection.DisposeAsync().AsTask();
    }

    private IMatcher CreateMatcher(ExpectStep step, ConnectionState state)
    {
        var datagram = state.Connection.Kind == TransportKind.Datagram;
        return step.Expectation switch
        {
            ExactExpectation exact => new ExactMatcher(exact.Expected.Resolve(lookup), exact.Expected.Describe()) { IsDatagram = datagram },
            EchoExpectation => new ExactMatcher(state.LastSent, "the echo of the last send") { IsDatagram = datagram },
            ContainsExpectation contains => new ContainsMatcher(contains.Expected.Resolve(lookup), "data containing " + contains.Expected.Describe()),
            RegexExpectation regex => new RegexMatcher(CompileRegex(step, regex.Pattern.Render(lookup))),
            ClosedExpectation => new ClosedMatcher(),
            _ => throw new StepFailedException(new Failure($"expectation {step.Expectation.GetType().Name} is not supported", step)),
        };
    }

    private static Regex CompileRegex(Step step, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new StepFailedException(new Failure($"'{pattern}' is not a valid regular expression: {ex.Message}", step));
        }
    }

    private ConnectionState Open(string name, Step step) =>
        _connections.TryGetValue(name, out var state)
            ? state
            : throw new StepFailedException(new Failure($"{Connections.Display(name)} is not open (connect first, or it was closed)", step));

    private StepFailedException Mismatch(Step step, IMatcher matcher, ConnectionState state, string reason, long started) =>
        new(new Failure(reason, step, matcher.Expected, state.Buffer.Data.ToArray(), time.GetElapsedTime(started)));
}
