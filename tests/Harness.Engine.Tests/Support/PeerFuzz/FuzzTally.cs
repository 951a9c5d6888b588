namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>What the peer fuzzer did, counted from many tasks at once.</summary>
internal sealed class FuzzTally
{
    private long _connections;
    private long _datagrams;
    private long _bytesSent;
    private long _bytesReceived;
    private long _refusedByTheKernel;

    public long Connections => Interlocked.Read(ref _connections);

    public long Datagrams => Interlocked.Read(ref _datagrams);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Datagrams larger than UDP carries, which the client's own kernel refuses to send.</summary>
    public long RefusedByTheKernel => Interlocked.Read(ref _refusedByTheKernel);

    /// <summary>Problems a single exchange showed (a half-closed connection the peer never closed), each with its seed and place.</summary>
    public List<string> Problems { get; } = [];

    public void Connected() => Interlocked.Increment(ref _connections);

    public void SentDatagram(int bytes)
    {
        Interlocked.Increment(ref _datagrams);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public void Sent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    public void Received(int bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    public void Refused() => Interlocked.Increment(ref _refusedByTheKernel);

    public void Problem(string problem)
    {
        lock (Problems)
        {
            Problems.Add(problem);
        }
    }
}
