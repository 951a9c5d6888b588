namespace Harness.Engine.Running;

/// <summary>
/// When a step asks its matcher again. A matcher that reads all the data on every call (<see cref="IMatcher.Rescans"/>:
/// a regex, a JSON value) costs in proportion to what arrived; asked after each receive of a peer that floods, the
/// step would spend its time re-reading and never reach the received-data limit. So while bytes keep coming, such a
/// matcher is asked again only when the data has grown fourfold since it was last asked (linear work in all, and
/// little garbage from a regex's decoded text: a third of the last), and as soon as
/// the bytes pause for <see cref="Pause"/>, the peer closes, the limit is reached, or the step's time is up: a reply
/// that completes is still seen within a moment of its last byte.
/// </summary>
internal sealed class JudgeSchedule(bool rescans)
{
    /// <summary>Below this much data a call costs next to nothing, so it is made after every receive.</summary>
    internal const int AlwaysBelow = 64 * 1024;

    /// <summary>How long the bytes must pause before the matcher is asked about what came since it last was.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>How much the data grows, while bytes stream, before a rescanning matcher is asked again.</summary>
    internal const long Growth = 4;

    private int _judgedAt = -1;

    /// <summary>Whether bytes arrived that the matcher has not judged yet.</summary>
    public bool Pending { get; private set; }

    /// <summary>Whether to ask the matcher now about <paramref name="count"/> bytes; <paramref name="mustDecide"/> forces it.</summary>
    public bool Due(int count, bool mustDecide)
    {
        var due = mustDecide || !rescans || _judgedAt < 0 || count <= AlwaysBelow || count >= Growth * _judgedAt;
        if (due)
        {
            _judgedAt = count;
        }

        Pending = !due;
        return due;
    }
}
