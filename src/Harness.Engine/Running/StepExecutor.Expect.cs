using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Capture = Harness.Engine.Model.Capture;

namespace Harness.Engine.Running;

/// <summary><c>expect</c>: read until the expectation decides, check the latency bound, set the captures.</summary>
internal sealed partial class StepExecutor
{
    private async Task ExpectAsync(ExpectStep step, CancellationToken cancellationToken)
    {
        var state = Open(step.Connection, step);
        if (step.Expectation is NothingExpectation nothing)
        {
            await ExpectNothingAsync(step, state, nothing.Within, cancellationToken).ConfigureAwait(false);
            return;
        }

        RejectCloseOnDatagrams(step, state);
        CheckStreamSource(step, state);
        var matcher = CreateMatcher(step, state);
        var started = _time.GetTimestamp();

        // `within` is a latency bound on the reply to a request, so it counts from the last send on the
        // connection (or from its opening); the wait itself stops as soon as the bound can no longer hold.
        var timeout = step.Timeout ?? _settings.StepTimeout;
        var reference = step.Within is null ? started : Math.Min(started, state.LastSentAt == 0 ? started : state.LastSentAt);
        var latencyLeft = step.Within is { } within ? within - _time.GetElapsedTime(reference) : TimeSpan.MaxValue;
        var bound = latencyLeft < timeout ? (Limit: latencyLeft < TimeSpan.Zero ? TimeSpan.Zero : latencyLeft, ByWithin: true) : (Limit: timeout, ByWithin: false);

        var content = state.Connection switch
        {
            IStreamConnection stream => await ExpectOnStreamAsync(step, state, stream, matcher, bound, cancellationToken).ConfigureAwait(false),
            IDatagramConnection datagram => await ExpectDatagramAsync(step, state, datagram, matcher, bound, cancellationToken).ConfigureAwait(false),
            _ => ReadOnlyMemory<byte>.Empty,
        };

        if (step.Within is { } limit && _time.GetElapsedTime(reference) is var took && took > limit)
        {
            throw new StepFailedException(new Failure(
                $"the reply came after {Durations.Format(took)}, later than within {Durations.Format(limit)}", step, matcher.Expected, Waited: took));
        }

        foreach (var capture in step.Captures)
        {
            _variables[capture.Name] = Capture(step, capture, content);
        }

        ExpectsPassed++;
    }

    /// <summary>How many <c>expect</c> steps have passed, nested ones included: the exchanges <c>harness load</c> counts.</summary>
    public long ExpectsPassed { get; private set; }

    private IMatcher CreateMatcher(ExpectStep step, ConnectionState state)
    {
        var datagram = state.Connection.Kind == TransportKind.Datagram;

        // Over a framed message or a datagram the matcher sees the whole message; unframed on a stream it decides incrementally.
        var framed = step.Framing is not null && !datagram;
        var matcher = Matcher(step, step.Expectation, state, whole: datagram || framed);
        return framed ? new FramedMatcher(step.Framing!, matcher, state.Buffer.Limit) : matcher;
    }

    private IMatcher Matcher(ExpectStep step, Expectation expectation, ConnectionState state, bool whole)
    {
        try
        {
            return expectation switch
            {
                ExactExpectation exact => new ExactMatcher(exact.Expected.Resolve(Lookup), exact.Expected.Describe()) { IsDatagram = whole },
                // Unframed, the echo is the bytes as they went (prefix and all); framed, the message inside the frame.
                EchoExpectation => new ExactMatcher(
                    step.Framing is not null && state.Connection.Kind == TransportKind.Stream ? state.LastSent : state.LastSentWire, "the echo of the last send") { IsDatagram = whole },
                ContainsExpectation contains => new ContainsMatcher(contains.Expected.Resolve(Lookup), "data containing " + contains.Expected.Describe()),
                RegexExpectation regex => new RegexMatcher(CompileRegex(step, regex.Pattern.Render(Lookup))),
                ClosedExpectation => new ClosedMatcher(),
                LengthExpectation length => new LengthMatcher(length.Length, whole),
                JsonExpectation json => new JsonEqualsMatcher(json, whole),
                JsonPathExpectation path => new JsonPathMatcher(path, whole),
                NotExpectation not => new NotMatcher(Matcher(step, not.Inner, state, whole: true)),
                _ => throw new StepFailedException(new Failure($"expectation {expectation.GetType().Name} is not supported", step)),
            };
        }
        catch (IOException ex)
        {
            throw new StepFailedException(new Failure($"cannot read the expected bytes: {ex.Message}", step)) { CouldNotRun = true };
        }
        catch (FormatException ex)
        {
            throw new StepFailedException(new Failure($"cannot decode the expected bytes: {ex.Message}", step));
        }
    }

    private async Task<ReadOnlyMemory<byte>> ExpectDatagramAsync(
        ExpectStep step, ConnectionState state, IDatagramConnection datagram, IMatcher matcher, (TimeSpan Limit, bool ByWithin) bound, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        state.DatagramBuffer ??= new byte[datagram.MaxDatagramSize + 1];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound.Limit);
        DatagramReceiveResult received;
        try
        {
            received = await datagram.ReceiveAsync(state.DatagramBuffer, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Mismatch(step, matcher, state, $"no datagram arrived within {Durations.Format(bound.Limit)}", started);
        }
        catch (TransportException ex)
        {
            throw Mismatch(step, matcher, state, ex.Message, started);
        }

        var bytes = state.DatagramBuffer.AsMemory(0, received.Length);
        Recorded(state, Direction.Received, bytes.Span);
        CheckDatagramSource(step, matcher.Expected, received.From, bytes, started);
        if (received.Truncated)
        {
            throw new StepFailedException(new Failure(
                $"a datagram from {received.From} was larger than the {datagram.MaxDatagramSize}-byte read buffer and was truncated",
                step, matcher.Expected, bytes.ToArray(), _time.GetElapsedTime(started)));
        }

        var result = matcher.Match(bytes.Span, complete: true);
        if (result.Status != MatchStatus.Matched)
        {
            throw new StepFailedException(new Failure(
                $"the datagram from {received.From} does not match: {result.Reason}", step, matcher.Expected, bytes.ToArray(), _time.GetElapsedTime(started))
            {
                ExpectedBytes = ExpectedBytes(matcher),
            });
        }

        return bytes.ToArray();
    }

    /// <summary>The value a capture takes from the matched reply.</summary>
    private string Capture(ExpectStep step, Capture capture, ReadOnlyMemory<byte> content)
    {
        var text = Encoding.UTF8.GetString(content.Span);
        if (capture.Path is { } path)
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                return path.Find(document.RootElement, out var missing) is { } found
                    ? found.ValueKind == JsonValueKind.String ? found.GetString()! : found.GetRawText()
                    : throw CaptureFailed(step, capture, missing!, content);
            }
            catch (JsonException ex)
            {
                throw CaptureFailed(step, capture, $"the reply is not JSON: {ex.Message}", content);
            }
        }

        var regex = CompileRegex(step, capture.Regex!.Render(Lookup));
        var match = regex.Match(text);
        if (!match.Success)
        {
            throw CaptureFailed(step, capture, $"/{regex}/ does not match the reply", content);
        }

        var group = capture.Group is null ? match.Groups[match.Groups.Count > 1 ? 1 : 0]
            : int.TryParse(capture.Group, out var number) ? match.Groups[number] : match.Groups[capture.Group];
        return group.Success ? group.Value : throw CaptureFailed(step, capture, $"group {capture.Group ?? "1"} of /{regex}/ took no part in the match", content);
    }

    private static StepFailedException CaptureFailed(ExpectStep step, Capture capture, string reason, ReadOnlyMemory<byte> content) =>
        new(new Failure($"capture `{capture.Name}` ({capture.Location}): {reason}", step, Received: content.ToArray()));

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

    private void RecordReceived(ConnectionState state, int received)
    {
        state.Buffer.Advance(received);
        Recorded(state, Direction.Received, state.Buffer.Data[^received..]);
    }

    /// <summary>The exact bytes expected (unframed), so a report can diff them against what arrived; null for any other expectation.</summary>
    /// <remarks>Typed null on purpose: a bare <c>null</c> would convert to an empty <see cref="ReadOnlyMemory{T}"/> and show a diff against "".</remarks>
    private static ReadOnlyMemory<byte>? ExpectedBytes(IMatcher matcher) => matcher is ExactMatcher exact ? exact.Bytes : (ReadOnlyMemory<byte>?)null;
}
