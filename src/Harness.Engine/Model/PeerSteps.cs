namespace Harness.Engine.Model;

/// <summary>Start a peer declared with <c>start: manual</c>, such as a client program that connects to a listener.</summary>
public sealed record StartStep(SourceLocation Location, string Peer) : Step(Location)
{
    public override string Keyword => "start";

    public override string Describe() => $"start {Peer}";

    /// <summary>The first <c>start</c> step among <paramref name="steps"/>, inside repeats too.</summary>
    public static StartStep? FirstIn(IEnumerable<Step> steps) =>
        steps.Select(step => step switch
        {
            StartStep start => start,
            RepeatStep repeat => FirstIn(repeat.Steps),
            _ => null,
        }).FirstOrDefault(start => start is not null);
}

/// <summary>
/// A line of a process peer's output (stdout or stderr) that contains the text: how a client program under
/// test shows what it received. Lines matched by an earlier output expectation do not count again.
/// </summary>
public sealed record OutputExpectation(Template Text, string Peer) : Expectation;
