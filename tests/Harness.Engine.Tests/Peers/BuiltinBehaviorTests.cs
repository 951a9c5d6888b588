using Harness.Engine.Peers.Builtin;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Peers;

/// <summary>The built-in behaviours over in-memory connections: how they read, answer and close.</summary>
public sealed class BuiltinBehaviorTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Test]
    public async Task Greet_sends_its_message_on_connect_and_closes()
    {
        var client = new InMemoryStream();

        var serving = new GreetBehavior("Thank you for connecting\n").ServeStreamAsync(client.Server, CancellationToken.None);

        (await client.ReadToEndAsync()).ShouldBe("Thank you for connecting\n");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Greet_over_datagrams_answers_each_datagram_with_the_greeting()
    {
        var client = new InMemoryDatagrams();
        using var stop = new CancellationTokenSource();
        var serving = new GreetBehavior("hi").ServeDatagramAsync(client.Server, stop.Token);

        client.Send("one");
        client.Send("two");

        (await client.ReceiveAsync()).ShouldBe("hi");
        (await client.ReceiveAsync()).ShouldBe("hi");
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(serving);
    }

    [Test]
    public async Task Ack_waits_for_the_delimiter_even_when_it_arrives_in_pieces()
    {
        // Given a message whose newline comes in a later piece
        var client = new InMemoryStream();
        var serving = new AckBehavior("OK\n", "\r\n").ServeStreamAsync(client.Server, CancellationToken.None);
        client.Write("Hello\r");

        // Then nothing is acknowledged before the delimiter is complete
        (await client.AnythingWithinAsync(Short)).ShouldBeFalse();

        client.Write("\n");
        (await client.ReadToEndAsync()).ShouldBe("OK\n");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Ack_without_a_delimiter_acknowledges_the_first_bytes_that_arrive()
    {
        var client = new InMemoryStream();
        var serving = new AckBehavior("got it", string.Empty).ServeStreamAsync(client.Server, CancellationToken.None);

        client.Write("no newline here");

        (await client.ReadToEndAsync()).ShouldBe("got it");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Ack_acknowledges_a_message_ended_by_the_clients_half_close()
    {
        var client = new InMemoryStream();
        var serving = new AckBehavior("ACK\n", "\n").ServeStreamAsync(client.Server, CancellationToken.None);

        client.Write("last words");
        client.CloseSending();

        (await client.ReadToEndAsync()).ShouldBe("ACK\n");
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Discard_reads_everything_and_answers_nothing()
    {
        var client = new InMemoryStream();
        var serving = new DiscardBehavior().ServeStreamAsync(client.Server, CancellationToken.None);

        client.Write("into the void\n");
        client.Write("and more");

        (await client.AnythingWithinAsync(Short)).ShouldBeFalse();
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Daytime_sends_the_time_in_utc_as_one_line_and_closes()
    {
        var clock = new FixedTime(new DateTimeOffset(2026, 11, 22, 1, 15, 6, TimeSpan.Zero));
        var client = new InMemoryStream();

        var serving = new DaytimeBehavior(clock).ServeStreamAsync(client.Server, CancellationToken.None);

        (await client.ReadToEndAsync()).ShouldBe("Sunday, November 22, 2026 01:15:06-UTC\r\n");
        client.CloseSending();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Chat_relays_a_line_to_every_other_client_but_not_back_to_its_sender()
    {
        // Given three clients in one room
        var chat = new ChatBehavior();
        var clients = Enumerable.Range(0, 3).Select(_ => new InMemoryStream()).ToList();
        var serving = clients.Select(c => chat.ServeStreamAsync(c.Server, CancellationToken.None)).ToList();
        await Eventually.TrueAsync(() => chat.MemberCount == 3);

        // When the first sends one line in two pieces
        clients[0].Write("hel");
        clients[0].Write("lo\nrest");

        // Then the others get exactly the complete line, and the sender gets nothing
        (await clients[1].ReadAsync(6)).ShouldBe("hello\n");
        (await clients[2].ReadAsync(6)).ShouldBe("hello\n");
        (await clients[0].AnythingWithinAsync(Short)).ShouldBeFalse();
        (await clients[1].AnythingWithinAsync(Short)).ShouldBeFalse("the partial line 'rest' must not be relayed");

        foreach (var client in clients)
        {
            client.CloseSending();
        }

        await Task.WhenAll(serving).WaitAsync(TimeSpan.FromSeconds(10));
        chat.MemberCount.ShouldBe(0);
    }

    [Test]
    public async Task Two_chat_peers_keep_separate_rooms()
    {
        var first = new ChatBehavior();
        var second = new ChatBehavior();
        var alice = new InMemoryStream();
        var bob = new InMemoryStream();
        _ = first.ServeStreamAsync(alice.Server, CancellationToken.None);
        _ = second.ServeStreamAsync(bob.Server, CancellationToken.None);
        await Eventually.TrueAsync(() => first.MemberCount == 1 && second.MemberCount == 1);

        alice.Write("anyone?\n");

        (await bob.AnythingWithinAsync(Short)).ShouldBeFalse();
        alice.CloseSending();
        bob.CloseSending();
    }

    [Test]
    public async Task Chat_over_datagrams_relays_each_datagram_whole()
    {
        var chat = new ChatBehavior();
        var alice = new InMemoryDatagrams();
        var bob = new InMemoryDatagrams();
        using var stop = new CancellationTokenSource();
        _ = chat.ServeDatagramAsync(alice.Server, stop.Token);
        _ = chat.ServeDatagramAsync(bob.Server, stop.Token);
        await Eventually.TrueAsync(() => chat.MemberCount == 2);

        alice.Send("one datagram, no newline");
        alice.Send("another");

        (await bob.ReceiveAsync()).ShouldBe("one datagram, no newline");
        (await bob.ReceiveAsync()).ShouldBe("another");
        (await alice.AnythingWithinAsync(Short)).ShouldBeFalse();
        await stop.CancelAsync();
    }

    [Test]
    public async Task Over_datagrams_ack_and_daytime_answer_every_datagram_and_discard_none()
    {
        var clock = new FixedTime(new DateTimeOffset(2026, 11, 22, 1, 15, 6, TimeSpan.Zero));
        var ack = new InMemoryDatagrams();
        var daytime = new InMemoryDatagrams();
        var discard = new InMemoryDatagrams();
        using var stop = new CancellationTokenSource();
        _ = new AckBehavior("ACK", "\n").ServeDatagramAsync(ack.Server, stop.Token);
        _ = new DaytimeBehavior(clock).ServeDatagramAsync(daytime.Server, stop.Token);
        _ = new DiscardBehavior().ServeDatagramAsync(discard.Server, stop.Token);

        // A datagram is a whole message: no delimiter is waited for
        ack.Send("no newline");
        ack.Send("again");
        daytime.Send(string.Empty);
        discard.Send("gone");

        (await ack.ReceiveAsync()).ShouldBe("ACK");
        (await ack.ReceiveAsync()).ShouldBe("ACK");
        (await daytime.ReceiveAsync()).ShouldBe("Sunday, November 22, 2026 01:15:06-UTC\r\n");
        (await discard.AnythingWithinAsync(Short)).ShouldBeFalse();
        await stop.CancelAsync();
    }
}
