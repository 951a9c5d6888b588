using Harness.Engine.Peers.Builtin;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Peers;

/// <summary>The built-in http peer: requests in pieces, pipelined, keep-alive and close, and the error answers.</summary>
public sealed class HttpBehaviorTests
{
    private static readonly FixedTime Clock = new(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero));

    private static HttpBehavior Http(int status = 200, string body = "Hello\n") =>
        new(new HttpPeerOptions(status, body, "text/plain", "/"), Clock);

    [Test]
    public async Task A_request_in_pieces_is_answered_once_its_head_is_complete_and_close_ends_the_connection()
    {
        var client = new InMemoryStream();
        var serving = Http().ServeStreamAsync(client.Server, CancellationToken.None);

        client.Write("GET / HT");
        client.Write("TP/1.1\r\nHost: web\r\nConnection: close\r");
        client.Write("\n\r\n");

        var response = await client.ReadToEndAsync();
        response.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        response.ShouldContain("Content-Length: 6\r\n");
        response.ShouldContain("Connection: close\r\n");
        response.ShouldEndWith("\r\n\r\nHello\n");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Pipelined_requests_on_a_kept_alive_connection_are_answered_in_order()
    {
        var client = new InMemoryStream();
        var serving = Http().ServeStreamAsync(client.Server, CancellationToken.None);

        client.Write("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET /missing HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.0\r\n\r\n");

        var all = await client.ReadToEndAsync();
        var statusLines = System.Text.RegularExpressions.Regex.Matches(all, @"HTTP/1\.[01] \d{3} [A-Za-z ]+(?=\r\n)").Select(m => m.Value).ToList();
        statusLines.ShouldBe(["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.0 200 OK"]);
        all.ShouldEndWith("\r\n\r\nHello\n", customMessage: "HTTP/1.0 without keep-alive closes after its answer");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_request_body_given_by_content_length_is_skipped_even_when_it_arrives_later()
    {
        var client = new InMemoryStream();
        var serving = Http().ServeStreamAsync(client.Server, CancellationToken.None);

        client.Write("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234");
        client.Write("56789GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        var all = await client.ReadToEndAsync();
        all.ShouldStartWith("HTTP/1.1 405 Method Not Allowed\r\n");
        all.ShouldContain("Allow: GET, HEAD\r\n");
        all.ShouldContain("HTTP/1.1 200 OK\r\n");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [TestCase("NOT A REQUEST\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [TestCase("GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [TestCase("GET / HTTP/2.0\r\nHost: a\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nbroken header\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    public async Task A_malformed_request_is_answered_with_an_error_and_the_connection_closed(string request, string statusLine)
    {
        var client = new InMemoryStream();
        var serving = Http().ServeStreamAsync(client.Server, CancellationToken.None);

        client.Write(request);

        (await client.ReadToEndAsync()).ShouldStartWith(statusLine + "\r\n");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public void The_parser_says_incomplete_until_the_blank_line()
    {
        HttpRequestParser.TryParse("GET / HTTP/1.1\r\nHost: a\r\n"u8).Status.ShouldBe(HttpParseStatus.Incomplete);

        var complete = HttpRequestParser.TryParse("GET / HTTP/1.1\r\nHost: a\r\n\r\nextra"u8);

        complete.Status.ShouldBe(HttpParseStatus.Complete);
        complete.HeadLength.ShouldBe(27);
        complete.Request!.Headers["HOST"].ShouldBe("a");
        complete.Request.KeepAlive.ShouldBeTrue();
    }
}
