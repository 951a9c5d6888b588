using System.Text;
using Harness.Engine.Configuration;
using Harness.Engine.Model;
using Harness.Engine.Reporting;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Safety;

/// <summary>Secret values become *** in text and bytes, also when they span the reads they arrived in.</summary>
[Category("robustness")]
public sealed class SecretMaskingTests
{
    private static ReadOnlyMemory<byte> B(string text) => Encoding.UTF8.GetBytes(text);

    private static string S(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Test]
    public void Text_and_bytes_are_masked_and_a_secret_split_over_reads_is_masked_whole()
    {
        var masker = new SecretMasker(["hunter2", "hunter2-long", string.Empty]);

        masker.Apply("pw=hunter2; again hunter2-long.").ShouldBe("pw=***; again ***.");
        S(masker.Apply(B("\0hunter2\u0001"))).ShouldBe("\0***\u0001");
        var pieces = masker.Apply([B("login hun"), B("te"), B("r2 ok"), B("plain")]).Select(S).ToList();
        pieces.ShouldBe(["login ***", string.Empty, " ok", "plain"]);
        new SecretMasker([]).Apply("hunter2").ShouldBe("hunter2");
        RobustnessSummary.Append("secret masking: text, bytes, nested secrets and a secret split over 3 reads masked whole");
    }

    [Test]
    public void The_masking_reporter_masks_messages_bytes_peer_output_and_each_connections_transcript()
    {
        var inner = new CollectingReporter();
        var reporter = new MaskingReporter(inner, new SecretMasker(["s3cret"]));
        var failure = new Failure("cannot log in as s3cret", Expected: "text s3cret", Received: B("got s3cret"))
        {
            ExpectedBytes = B("s3cret"),
            PeerOutputs = [new PeerOutput("server", "password s3cret")],
            Transcript =
            [
                new TranscriptEntry(TimeSpan.Zero, "", Direction.Sent, B("s3")),
                new TranscriptEntry(TimeSpan.Zero, "", Direction.Received, B("s3cret")),
                new TranscriptEntry(TimeSpan.Zero, "", Direction.Sent, B("cret!")),
            ],
        };

        reporter.ScenarioFinished(new ScenarioResult(Some.Scenario(), Outcome.Failed, TimeSpan.Zero, [], failure)
        {
            Clients = [new ClientResult(2, Outcome.Failed, [], failure)],
        });

        var result = inner.Results.Single();
        foreach (var masked in new[] { result.Failure!, result.Clients[0].Failure! })
        {
            masked.Message.ShouldBe("cannot log in as ***");
            masked.Expected.ShouldBe("text ***");
            S(masked.Received!.Value).ShouldBe("got ***");
            S(masked.ExpectedBytes!.Value).ShouldBe("***");
            masked.PeerOutputs.Single().Text.ShouldBe("password ***");
            masked.Transcript.Select(e => S(e.Bytes)).ShouldBe(["***", "***", "!"]);
        }

        RobustnessSummary.Append("secret masking: the reporter masks message, expected, received, peer output and transcripts (per connection and direction), for every client");
    }

    [Test]
    public void Masking_a_failure_that_received_nothing_keeps_it_without_received_or_expected_bytes()
    {
        // A bare null in `received is { } r ? masker.Apply(r) : null` would become an empty, present ReadOnlyMemory
        var inner = new CollectingReporter();
        var reporter = new MaskingReporter(inner, new SecretMasker(["s3cret"]));

        reporter.ScenarioFinished(new ScenarioResult(Some.Scenario(), Outcome.Failed, TimeSpan.Zero, [], new Failure("nothing arrived within 2.00 s")));

        var masked = inner.Results.Single().Failure!;
        masked.Received.ShouldBeNull();
        masked.ExpectedBytes.ShouldBeNull();
        FailureStory.Lines(inner.Results.Single(), masked).ShouldNotContain(line => line.StartsWith("received", StringComparison.Ordinal));
    }

    [Test]
    public void Harness_yaml_marks_variables_secret_and_reads_them_from_the_environment()
    {
        using var folder = new TempFolder();
        var name = "HARNESS_SAFETY_TEST_" + Guid.NewGuid().ToString("n")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            var path = folder.Write("harness.yaml", $"vars:\n  plain: x\n  token: {{ env: {name}, secret: true }}\n  pw: {{ value: v, secret: true }}\n  unset: {{ env: {name}_UNSET, secret: true }}\n");

            var settings = SettingsLoader.Load(path, "harness.yaml");

            settings.Run.Variables["plain"].ShouldBe("x");
            settings.Run.Variables["token"].ShouldBe("from-env");
            settings.Run.Variables["pw"].ShouldBe("v");
            settings.Run.Variables.ContainsKey("unset").ShouldBeFalse();
            settings.SecretVariables.ShouldBe(["token", "pw", "unset"], ignoreOrder: true);
            var typo = folder.Write("typo.yaml", "vars:\n  token: { env: X, secrte: true }\n");
            Should.Throw<Harness.Engine.Loading.ScenarioException>(() => SettingsLoader.Load(typo, "typo.yaml")).Message.ShouldBe("typo.yaml:2:20: unknown key `secrte` in variable 'token'; did you mean `secret`?");
            RobustnessSummary.Append("secret settings: harness.yaml vars { value | env, secret: true } read, unset env leaves the variable undefined, typos get did-you-mean");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private sealed class CollectingReporter : IReporter
    {
        public List<ScenarioResult> Results { get; } = [];

        public void RunStarted(RunPlan plan)
        {
        }

        public void ScenarioStarted(Scenario scenario)
        {
        }

        public void ScenarioFinished(ScenarioResult result) => Results.Add(result);

        public void RunFinished(RunSummary summary)
        {
        }
    }
}
