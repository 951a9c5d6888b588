using System.Globalization;

namespace Harness.Peers.Docker.Settings;

/// <summary>A port the container listens on: <c>80</c> (TCP) or <c>53/udp</c>.</summary>
internal sealed record ContainerPort(int Number, string Protocol)
{
    public bool IsUdp => Protocol == "udp";

    /// <summary>The name used in variables: <c>80</c> for TCP, <c>53/udp</c> for UDP.</summary>
    public string Key => IsUdp ? $"{Number.ToString(CultureInfo.InvariantCulture)}/udp" : Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name the engine uses: <c>80/tcp</c>.</summary>
    public string EngineKey => $"{Number.ToString(CultureInfo.InvariantCulture)}/{Protocol}";

    public static bool TryParse(string text, out ContainerPort? port)
    {
        port = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var number = slash < 0 ? text : text[..slash];
        var protocol = slash < 0 ? "tcp" : text[(slash + 1)..].ToLowerInvariant();
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 65535
            || protocol is not ("tcp" or "udp"))
        {
            return false;
        }

        port = new ContainerPort(n, protocol);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => EngineKey;
}
