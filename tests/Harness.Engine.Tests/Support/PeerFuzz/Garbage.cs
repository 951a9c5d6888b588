using System.Text;

namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>
/// Bytes to throw at a peer: random bytes of random sizes (mostly small, some up to 4 MiB), and pieces of the
/// protocols the peers speak (request lines and headers, unfinished requests, huge header lines, lines of text
/// with and without their newline), so that the peers' parsers get past their first check too.
/// </summary>
internal static class Garbage
{
    public static int Size(Random random) => random.Next(100) switch
    {
        < 50 => random.Next(0, 1024),
        < 80 => random.Next(1024, 64 * 1024),
        < 92 => random.Next(64 * 1024, 1024 * 1024),
        _ => random.Next(1024 * 1024, 4 * 1024 * 1024),
    };

    public static byte[] Bytes(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random bytes, or text of the protocols, or a mix of both.</summary>
    public static byte[] Any(Random random) => random.Next(3) switch
    {
        0 => Bytes(random, Size(random)),
        1 => Encoding.Latin1.GetBytes(Protocol(random)),
        _ => [.. Encoding.Latin1.GetBytes(Protocol(random)), .. Bytes(random, random.Next(0, 2048)), .. Encoding.Latin1.GetBytes(Protocol(random))],
    };

    public static string Protocol(Random random) => random.Next(12) switch
    {
        0 => "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        1 => "GET / HTTP/1.1\r\nHost: x\r\n", // unfinished: no empty line
        2 => "GET / HTTP/1.1\r\nHost: x\r\nX-Huge: " + new string('a', random.Next(1, 200_000)) + "\r\n\r\n",
        3 => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + random.Next() + "\r\n\r\npartial body",
        4 => "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        5 => string.Concat(Enumerable.Repeat("HEAD /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", random.Next(1, 50))),
        6 => "GET " + new string('/', random.Next(1, 20_000)) + " HTTP/1.1\r\n\r\n",
        7 => "\r\n\r\n\r\nBREW / HTCPCP/1.0\r\n\r\n",
        8 => string.Concat(Enumerable.Range(0, random.Next(1, 500)).Select(i => $"line {i}\n")),
        9 => new string('z', random.Next(60_000, 140_000)), // longer than a chat line or an ack message, no newline
        10 => "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        _ => "a message without its newline",
    };
}
