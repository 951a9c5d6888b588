using System.Text;
using Harness.Peers.Docker.Engine;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

public sealed class LogDemultiplexerTests
{
    [Test]
    public void FramesOfStdoutAndStderrAreJoinedInOrderWithoutTheirHeaders()
    {
        byte[] body = [.. Frame(1, "out one\n"), .. Frame(2, "err\n"), .. Frame(1, "out two\n")];

        LogDemultiplexer.Demultiplex(body).ShouldBe("out one\nerr\nout two\n");
    }

    [Test]
    public void ACharacterSplitAcrossTwoFramesIsDecodedWhole()
    {
        var euro = Encoding.UTF8.GetBytes("€");
        byte[] body = [.. Frame(1, [euro[0]]), .. Frame(1, euro[1..])];

        LogDemultiplexer.Demultiplex(body).ShouldBe("€");
    }

    [Test]
    public void ABodyWithoutFrameHeadersIsTakenAsPlainText()
    {
        LogDemultiplexer.Demultiplex("plain tty output\n"u8).ShouldBe("plain tty output\n");
    }

    [Test]
    public void ATruncatedLastFrameKeepsWhatArrived()
    {
        var frame = Frame(1, "complete\n");
        byte[] body = [.. frame, .. Frame(1, "cut")[..9]];

        LogDemultiplexer.Demultiplex(body).ShouldBe("complete\nc");
    }

    [Test]
    public void AnEmptyBodyIsEmptyText()
    {
        LogDemultiplexer.Demultiplex([]).ShouldBeEmpty();
    }

    private static byte[] Frame(byte stream, string text) => Frame(stream, Encoding.UTF8.GetBytes(text));

    private static byte[] Frame(byte stream, byte[] payload)
    {
        var length = payload.Length;
        return [stream, 0, 0, 0, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. payload];
    }
}
