using System.Globalization;
using Harness.Engine.Loading.Syntax;
using Harness.Engine.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>
/// Reads <c>faults:</c>. Fields written directly under it apply both ways; <c>send:</c> and <c>receive:</c>
/// override them for one direction.
/// </summary>
internal static class FaultsParser
{
    private static readonly string[] DirectionKeys = [.. Language.DirectionFaultFields.Select(f => f.Name)];

    public static FaultPlan Parse(YamlNodes nodes, YamlNode node, string what)
    {
        var map = new MappingReader(nodes, nodes.Mapping(node, what), what, Language.FaultsMap.Keys);
        var both = Direction(nodes, map, what, DirectionFaults.None);
        var send = map.Optional("send") is { } s ? Direction(nodes, Reader(nodes, s, $"{what}.send"), $"{what}.send", both) : both;
        var receive = map.Optional("receive") is { } r ? Direction(nodes, Reader(nodes, r, $"{what}.receive"), $"{what}.receive", both) : both;
        var seed = map.Optional("seed") is { } seedNode ? nodes.Integer(seedNode, $"{what}.seed", 0, int.MaxValue) : FaultPlan.DefaultSeed;
        return new FaultPlan(send, receive, seed, nodes.At(node));
    }

    private static MappingReader Reader(YamlNodes nodes, YamlNode node, string what) =>
        new(nodes, nodes.Mapping(node, what), what, DirectionKeys);

    private static DirectionFaults Direction(YamlNodes nodes, MappingReader map, string what, DirectionFaults start)
    {
        var faults = start;
        foreach (var key in map.Keys.Where(DirectionKeys.Contains))
        {
            var value = map.Optional(key)!;
            var name = $"{what}.{key}";
            faults = key switch
            {
                "chunk" => faults with { Chunk = nodes.Integer(value, name, 1, 1 << 20) },
                "delay" => faults with { ChunkDelay = Duration(nodes, value, name) },
                "latency" => faults with { Latency = Duration(nodes, value, name) },
                "jitter" => faults with { Jitter = Duration(nodes, value, name) },
                "bandwidth" => faults with { BytesPerSecond = Bandwidth(nodes, value, name) },
                "stall" => faults with { Stall = nodes.Boolean(value, name) },
                "close_after" => faults with { CloseAfter = Cut(nodes, value, name) },
                "reset_after" => faults with { ResetAfter = Cut(nodes, value, name) },
                "drop" => faults with { Drop = Chance(nodes, value, name) },
                "duplicate" => faults with { Duplicate = Chance(nodes, value, name) },
                "reorder" => faults with { Reorder = Chance(nodes, value, name) },
                _ => faults,
            };
        }

        if (faults.Jitter > faults.Latency && faults.Jitter > TimeSpan.Zero && map.Optional("jitter") is { } jitter)
        {
            // Latency below zero cannot be: jitter larger than the latency would only be cut off at zero, unlike what was written.
            throw nodes.Error(jitter, $"{what}.jitter: {Durations.Format(faults.Jitter)} is more than the latency ({Durations.Format(faults.Latency)}); jitter varies the latency, so give a `latency` at least as large");
        }

        return faults;
    }

    /// <summary>A duration that may be zero (<c>delay: 0ms</c> splits writes without pausing).</summary>
    private static TimeSpan Duration(YamlNodes nodes, YamlNode node, string what)
    {
        var text = nodes.Text(node, what);
        return Durations.TryParse(text, out var duration)
            ? duration
            : throw nodes.Error(node, $"{what}: '{text}' is not a duration; expected {Durations.Expected}");
    }

    private static long Bandwidth(YamlNodes nodes, YamlNode node, string what)
    {
        var text = nodes.Text(node, what).Trim();
        return text.EndsWith("/s", StringComparison.Ordinal) && Sizes.TryParse(text[..^2], out var rate) && rate > 0
            ? rate
            : throw nodes.Error(node, $"{what}: '{text}' is not a rate; expected bytes a second such as 64KiB/s, 1MB/s or 500B/s");
    }

    private static Cut Cut(YamlNodes nodes, YamlNode node, string what)
    {
        var text = nodes.Text(node, what).Trim();
        if (Durations.TryParse(text, out var after) && after > TimeSpan.Zero)
        {
            return new Cut(null, after);
        }

        return Sizes.TryParse(text, out var bytes)
            ? new Cut(bytes, null)
            : throw nodes.Error(node, $"{what}: '{text}' is neither a number of bytes (100, 1KiB) nor a duration (2s, 500ms)");
    }

    private static double Chance(YamlNodes nodes, YamlNode node, string what)
    {
        var text = nodes.Text(node, what).Trim();
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && (percent ? value <= 100 : value <= 1)
                ? (percent ? value / 100 : value)
                : throw nodes.Error(node, $"{what}: '{text}' is not a chance; expected a percentage such as 10% or a fraction from 0 to 1 such as 0.1");
    }
}
