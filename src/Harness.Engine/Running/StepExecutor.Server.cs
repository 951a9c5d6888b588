using Harness.Abstractions;
using Harness.Engine.Faults;
using Harness.Engine.Loading;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>The harness as the server: <c>listen</c> and <c>accept</c>, so that a client program can be tested.</summary>
internal sealed partial class StepExecutor
{
    private async Task ListenAsync(ListenStep step, CancellationToken cancellationToken)
    {
        var (transport, address, options) = Resolve(step, step.Address, step.Options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.ConnectTimeout);
        try
        {
            _listenerSchemes[step.Name] = address.Scheme;
            _listeners[step.Name] = step.Faults is { } faults
                ? await ListenThroughFaultsAsync(step, transport, address, options, faults, deadline.Token).ConfigureAwait(false)
                : await transport.ListenAsync(address, options, deadline.Token).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure($"could not listen on {address}: {ex.Message}", step)) { CouldNotRun = true };
        }
        catch (FormatException ex)
        {
            throw new StepFailedException(new Failure($"listen {address}: {ex.Message}", step));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StepFailedException(new Failure($"could not listen on {address} within {Durations.Format(_settings.ConnectTimeout)}", step)) { CouldNotRun = true };
        }
    }

    private async Task<IListener> ListenThroughFaultsAsync(
        ListenStep step, ITransport transport, TransportAddress address, TransportOptions options, FaultPlan faults, CancellationToken cancellationToken)
    {
        CheckFaultsFit(step, faults, transport, address);
        return await FaultListener.StartAsync(transport, address, options, faults, NextFaultSeed(faults), _time, cancellationToken).ConfigureAwait(false);
    }

    private async Task AcceptAsync(AcceptStep step, CancellationToken cancellationToken)
    {
        if (!_listeners.TryGetValue(step.Listener, out var listener))
        {
            throw new StepFailedException(new Failure($"listener '{step.Listener}' is not open", step));
        }

        var timeout = step.Timeout ?? _settings.StepTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = _time.GetTimestamp();
        IConnection connection;
        try
        {
            connection = await listener.AcceptAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StepFailedException(new Failure(
                $"no client connected to {EndpointValue(listener.LocalEndPoint, "endpoint")} within {Durations.Format(timeout)}", step, Waited: _time.GetElapsedTime(started)));
        }
        catch (TransportException ex)
        {
            throw new StepFailedException(new Failure($"accept failed: {ex.Message}", step));
        }

        await OpenedAsync(step.Connection, connection, _listenerSchemes.GetValueOrDefault(step.Listener, "?"), step.Listener, step).ConfigureAwait(false);
    }
}
