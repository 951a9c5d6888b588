using System.Net;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>
/// The parts of expectations that are about who sends rather than what: <c>nothing: 500ms</c> and
/// <c>from: host:port</c>. Kept apart so that the matching of contents stays in one place.
/// </summary>
internal sealed partial class StepExecutor
{
    /// <summary>Passes when no byte or datagram arrives within <paramref name="within"/>; otherwise fails showing what came.</summary>
    private async Task ExpectNothingAsync(ExpectStep step, ConnectionState state, TimeSpan within, CancellationToken cancellationToken)
    {
        var expected = $"nothing for {Durations.Format(within)}";
        var started = _time.GetTimestamp();
        if (state.Buffer.Count > 0)
        {
            throw new StepFailedException(new Failure(
                $"{state.Buffer.Count} bytes had arrived and were not consumed by an earlier expect", step, expected, Kept(state.Buffer.Data), TimeSpan.Zero)
            {
                ReceivedLength = state.Buffer.Count,
            });
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        try
        {
            switch (state.Connection)
            {
                case IStreamConnection stream when !state.PeerClosed:
                    var received = await stream.ReceiveAsync(state.Buffer.FreeSpace(), deadline.Token).ConfigureAwait(false);
                    if (received == 0)
                    {
                        // A close is not data: nothing arrived, and the next expect can still check `closed`.
                        PeerClosed(state);
                        return;
                    }

                    RecordReceived(state, received);
                    throw new StepFailedException(new Failure(
                        $"{received} bytes arrived within {Durations.Format(within)} where nothing was expected", step, expected, Kept(state.Buffer.Data), _time.GetElapsedTime(started))
                    {
                        ReceivedLength = state.Buffer.Count,
                    });

                case IDatagramConnection datagram:
                    state.DatagramBuffer ??= new byte[datagram.MaxDatagramSize + 1];
                    var result = await datagram.ReceiveAsync(state.DatagramBuffer, deadline.Token).ConfigureAwait(false);
                    var bytes = state.DatagramBuffer.AsMemory(0, result.Length).ToArray();
                    Recorded(state, Direction.Received, bytes);
                    throw new StepFailedException(new Failure(
                        $"a datagram of {result.Length} bytes arrived from {result.From} within {Durations.Format(within)} where nothing was expected", step, expected, bytes, _time.GetElapsedTime(started)));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The time passed in silence: that is the expectation met.
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure(ex.Message, step, expected, Waited: _time.GetElapsedTime(started)));
        }
    }

    /// <summary>Datagram peers never close: waiting for it would only end in a misleading timeout.</summary>
    private static void RejectCloseOnDatagrams(ExpectStep step, ConnectionState state)
    {
        if (step.Expectation is ClosedExpectation && state.Connection is IDatagramConnection)
        {
            throw new StepFailedException(new Failure(
                "a datagram peer never closes, so `closed` cannot happen here; to check that nothing more arrives, write `expect: { nothing: 500ms }`", step));
        }
    }

    /// <summary>On a stream, <c>from</c> is the peer the connection is with.</summary>
    private void CheckStreamSource(ExpectStep step, ConnectionState state)
    {
        if (step.From is { } from && state.Connection is IStreamConnection && !SourceMatches(state.Connection.RemoteEndPoint, from.Render(Lookup)))
        {
            throw new StepFailedException(new Failure($"the connection is with {state.Connection.RemoteEndPoint}, not with {from.Render(Lookup)}", step));
        }
    }

    private void CheckDatagramSource(ExpectStep step, string expected, EndPoint source, ReadOnlyMemory<byte> bytes, long started)
    {
        if (step.From is { } from && !SourceMatches(source, from.Render(Lookup)))
        {
            throw new StepFailedException(new Failure(
                $"the datagram came from {source}, not from {from.Render(Lookup)}", step, expected, bytes.ToArray(), _time.GetElapsedTime(started)));
        }
    }

    /// <summary>Whether <paramref name="actual"/> is <paramref name="expected"/> (host:port, [v6]:port), an IPv4-mapped address counting as its IPv4 one.</summary>
    internal static bool SourceMatches(EndPoint actual, string expected)
    {
        if (actual is IPEndPoint ip && IPEndPoint.TryParse(expected, out var want))
        {
            return ip.Port == want.Port && Unmapped(ip.Address).Equals(Unmapped(want.Address));
        }

        return string.Equals(actual.ToString(), expected, StringComparison.OrdinalIgnoreCase);
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
