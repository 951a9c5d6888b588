using Harness.Engine.Running;

namespace Harness.Engine.Tests.Running;

/// <summary>A matcher that rereads all the data is asked again as the data grows fourfold while a flood streams, and whenever it must decide.</summary>
public sealed class JudgeScheduleTests
{
    [Test]
    public void A_matcher_that_does_not_reread_is_asked_after_every_receive()
    {
        var schedule = new JudgeSchedule(rescans: false);

        Enumerable.Range(1_000_000, 3).ShouldAllBe(count => schedule.Due(count, false));
        schedule.Pending.ShouldBeFalse();
    }

    [Test]
    public void A_matcher_that_rereads_is_asked_on_every_small_receive_then_as_the_data_grows_fourfold()
    {
        var schedule = new JudgeSchedule(rescans: true);
        var asked = new[] { 10, 30_000, JudgeSchedule.AlwaysBelow, 100_000, 200_000, 262_143, 262_144, 500_000, 1_048_575, 1_048_576 }
            .Where(count => schedule.Due(count, false))
            .ToList();

        asked.ShouldBe([10, 30_000, JudgeSchedule.AlwaysBelow, 262_144, 1_048_576]);
    }

    [Test]
    public void Bytes_not_judged_yet_are_pending_until_the_step_must_decide()
    {
        var schedule = new JudgeSchedule(rescans: true);
        schedule.Due(100_000, false).ShouldBeTrue();

        schedule.Due(150_000, false).ShouldBeFalse();
        schedule.Pending.ShouldBeTrue();
        schedule.Due(150_000, mustDecide: true).ShouldBeTrue();
        schedule.Pending.ShouldBeFalse();
    }
}
