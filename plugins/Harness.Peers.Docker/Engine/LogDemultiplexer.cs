using System.Buffers.Binary;
using System.Text;

namespace Harness.Peers.Docker.Engine;

/// <summary>
/// Turns the body of <c>GET /containers/{id}/logs</c> into text. Without a TTY the engine
/// multiplexes stdout and stderr into frames of an 8-byte header (stream type, three zero bytes,
/// a big-endian length) followed by the payload; with a TTY the body is the raw text.
/// </summary>
internal static class LogDemultiplexer
{
    private const int HeaderLength = 8;

    /// <summary>The frames' payloads in order, stdout and stderr interleaved as the engine recorded them.</summary>
    public static string Demultiplex(ReadOnlySpan<byte> body)
    {
        if (!LooksMultiplexed(body))
        {
            return Encoding.UTF8.GetString(body);
        }

        var payload = new List<byte>(body.Length);
        while (body.Length >= HeaderLength)
        {
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..8]), (uint)(body.Length - HeaderLength));
            payload.AddRange(body.Slice(HeaderLength, length));
            body = body[(HeaderLength + length)..];
        }

        // Decode once at the end: a multi-byte character may be split across two frames.
        return Encoding.UTF8.GetString([.. payload]);
    }

    private static bool LooksMultiplexed(ReadOnlySpan<byte> body) =>
        body.Length >= HeaderLength && body[0] <= 2 && body[1] == 0 && body[2] == 0 && body[3] == 0;
}
