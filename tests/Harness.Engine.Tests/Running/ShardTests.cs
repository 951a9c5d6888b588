using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

public sealed class ShardTests
{
    [TestCase(33, 1)]
    [TestCase(33, 3)]
    [TestCase(33, 7)]
    [TestCase(2, 5)]
    public void Shards_together_take_every_scenario_exactly_once_in_fair_sizes(int scenarios, int count)
    {
        var suite = Some.Suite(scenarios);

        var slices = Enumerable.Range(1, count).Select(i => new Shard(i, count).Select(suite)).ToList();

        slices.SelectMany(s => s).ShouldBe(suite, ignoreOrder: true);
        slices.SelectMany(s => s).Distinct().Count().ShouldBe(scenarios);
        (slices.Max(s => s.Count) - slices.Min(s => s.Count)).ShouldBeLessThanOrEqualTo(1);
    }

    [Test]
    public void Every_machine_computes_the_same_split_whatever_order_the_files_were_loaded_in()
    {
        var suite = Some.Suite(20);
        var shuffled = suite.OrderBy(s => s.Name.GetHashCode(StringComparison.Ordinal)).Reverse().ToList();

        new Shard(2, 3).Select(shuffled).ShouldBe(new Shard(2, 3).Select(suite));
    }

    [TestCase("2/3", 2, 3)]
    [TestCase("1/1", 1, 1)]
    public void A_shard_is_written_i_slash_n(string text, int index, int count)
    {
        Shard.TryParse(text, out var shard, out _).ShouldBeTrue();
        shard.ShouldBe(new Shard(index, count));
        shard!.ToString().ShouldBe(text);
    }

    [TestCase("0/3", "between 1 and the shard count")]
    [TestCase("4/3", "between 1 and the shard count")]
    [TestCase("3", "expected i/n")]
    [TestCase("a/b", "expected i/n")]
    [TestCase("-1/3", "expected i/n")]
    public void A_wrong_shard_is_refused_saying_why(string text, string problem)
    {
        Shard.TryParse(text, out _, out var message).ShouldBeFalse();
        message.ShouldContain(problem);
    }
}
