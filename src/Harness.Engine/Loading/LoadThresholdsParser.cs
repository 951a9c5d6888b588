using System.Globalization;
using Harness.Engine.Loading.Syntax;
using Harness.Engine.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>Reads <c>load: { thresholds: { p99: 5ms, error_rate: 0.1% } }</c>.</summary>
internal static class LoadThresholdsParser
{
    public static LoadThresholds Parse(YamlNodes nodes, YamlNode node)
    {
        var load = new MappingReader(nodes, nodes.Mapping(node, "load"), "load", Language.LoadMap.Keys);
        if (load.Optional("thresholds") is not { } thresholdsNode)
        {
            return new LoadThresholds { Location = nodes.At(node) };
        }

        var thresholdsShape = (MapShape)Language.LoadMap.Field("thresholds").Shape;
        var thresholds = new MappingReader(nodes, nodes.Mapping(thresholdsNode, "load.thresholds"), "load.thresholds", thresholdsShape.Keys);
        var latency = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var name in LoadThresholds.PercentileNames)
        {
            if (thresholds.Optional(name) is { } value)
            {
                latency[name] = nodes.Duration(value, $"load.thresholds.{name}");
            }
        }

        double? errorRate = null;
        if (thresholds.Optional("error_rate") is { } rateNode)
        {
            var text = nodes.Text(rateNode, "load.thresholds.error_rate").Trim();
            errorRate = text.EndsWith('%')
                && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
                && percent <= 100
                    ? percent / 100
                    : throw nodes.Error(rateNode, $"load.thresholds.error_rate: '{text}' is not a percentage; expected one such as 0.1% or 5%");
        }

        return new LoadThresholds { Latency = latency, ErrorRate = errorRate, Location = nodes.At(node) };
    }
}
