using System.Text;

namespace Harness.Peers.Docker;

/// <summary>Engine object names: letters, digits, '_', '.', '-', starting with a letter or digit.</summary>
internal static class Names
{
    public static string Sanitize(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        return name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0]) ? "x" + name : name.ToString();
    }

    /// <summary>A container name that names the run and the peer, with a suffix so that a re-run never collides.</summary>
    public static string Container(string runId, string peer) =>
        $"harness-{Sanitize(runId)}-{Sanitize(peer)}-{Guid.NewGuid().ToString("N")[..6]}";
}
