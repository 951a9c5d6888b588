using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Faults;

/// <summary>Opens a connection through the fault proxy: what a <c>connect</c> with <c>faults</c> does.</summary>
internal static class FaultProxy
{
    /// <summary>Why <paramref name="faults"/> cannot apply to a transport of <paramref name="kind"/>, or null when they can.</summary>
    public static string? Mismatch(FaultPlan faults, TransportKind kind, string scheme)
    {
        DirectionFaults[] directions = [faults.Send, faults.Receive];
        if (kind == TransportKind.Stream && directions.Any(d => d.HasDatagramFaults))
        {
            return $"faults: `drop`, `duplicate` and `reorder` are for datagrams; {scheme} is a stream, which never loses, repeats or reorders bytes "
                + "(for a stream, use `stall`, `close_after` or `reset_after`)";
        }

        if (kind == TransportKind.Datagram && directions.Any(d => d.HasStreamFaults))
        {
            return $"faults: `chunk`, `close_after` and `reset_after` are for streams; {scheme} carries datagrams, which are never split and have no connection to close "
                + "(for datagrams, use `drop`, `duplicate`, `reorder` or `stall`)";
        }

        return null;
    }

    /// <summary>
    /// Connects to <paramref name="remote"/> through a proxy that applies <paramref name="faults"/>. The connection
    /// returned is the harness's side; it names the peer as its remote end, and closing it closes the proxy.
    /// </summary>
    public static async Task<IConnection> ConnectAsync(
        ITransport transport, TransportAddress remote, TransportOptions options, FaultPlan faults, int seed, TimeProvider time, CancellationToken cancellationToken)
    {
        var link = await FaultLink.OpenAsync(transport, remote, options, faults, seed, time, cancellationToken).ConfigureAwait(false);
        try
        {
            var proxy = new TransportAddress(remote.Scheme, EndPoints.Host(link.ListenerEndPoint!), EndPoints.Port(link.ListenerEndPoint!));
            var own = await transport.ConnectAsync(proxy, options, cancellationToken).ConfigureAwait(false);
            return own switch
            {
                IStreamConnection stream => new ProxiedStreamConnection(stream, link),
                IDatagramConnection datagram => new ProxiedDatagramConnection(datagram, link),
                _ => throw new InvalidOperationException($"transport {transport.Scheme} made a connection that is neither a stream nor datagrams"),
            };
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
