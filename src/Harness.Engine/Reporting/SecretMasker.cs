using System.Text;

namespace Harness.Engine.Reporting;

/// <summary>
/// Replaces the values of secret variables with <c>***</c>, in text and in bytes. Bytes are masked as one
/// stream across the pieces they arrived in, so that a secret split over two reads (TCP splits as it likes)
/// is masked whole, not shown in halves.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "***";
    private static readonly byte[] MaskBytes = Encoding.UTF8.GetBytes(Mask);
    private readonly string[] _secrets;
    private readonly byte[][] _secretBytes;

    public SecretMasker(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);

        // Longest first, so that a secret holding another is masked whole.
        _secrets = [.. secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
        _secretBytes = [.. _secrets.Select(Encoding.UTF8.GetBytes)];
    }

    public bool IsEmpty => _secrets.Length == 0;

    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    public ReadOnlyMemory<byte> Apply(ReadOnlyMemory<byte> bytes) => Apply([bytes])[0];

    /// <summary>
    /// Masks <paramref name="pieces"/> read as one stream: a secret that spans pieces becomes <c>***</c> in the
    /// piece where it starts and is cut from the pieces after it.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Apply(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (IsEmpty || pieces.Count == 0)
        {
            return pieces;
        }

        var stream = new byte[pieces.Sum(p => p.Length)];
        var owner = new int[stream.Length];
        var at = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            pieces[i].Span.CopyTo(stream.AsSpan(at));
            owner.AsSpan(at, pieces[i].Length).Fill(i);
            at += pieces[i].Length;
        }

        // What each stream position becomes: its own byte, the mask (at a secret's first byte), or nothing.
        var masked = new bool[stream.Length];
        var startsMask = new bool[stream.Length];
        foreach (var secret in _secretBytes)
        {
            for (var from = 0; from <= stream.Length - secret.Length;)
            {
                var found = stream.AsSpan(from).IndexOf(secret);
                if (found < 0)
                {
                    break;
                }

                var start = from + found;
                if (!masked.AsSpan(start, secret.Length).Contains(true))
                {
                    masked.AsSpan(start, secret.Length).Fill(true);
                    startsMask[start] = true;
                }

                from = start + secret.Length;
            }
        }

        if (!masked.Contains(true))
        {
            return pieces;
        }

        var outputs = pieces.Select(_ => new List<byte>()).ToList();
        for (var i = 0; i < stream.Length; i++)
        {
            if (startsMask[i])
            {
                outputs[owner[i]].AddRange(MaskBytes);
            }
            else if (!masked[i])
            {
                outputs[owner[i]].Add(stream[i]);
            }
        }

        return [.. outputs.Select(o => (ReadOnlyMemory<byte>)o.ToArray())];
    }
}
