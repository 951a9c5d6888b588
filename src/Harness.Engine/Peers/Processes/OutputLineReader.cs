using System.Text;

namespace Harness.Engine.Peers.Processes;

/// <summary>
/// Splits a program's output into lines as it arrives (at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>), holding at
/// most <see cref="OutputLog.MaxLineChars"/> characters of a line: a program that prints a gigabyte without a line
/// break costs that much and no more. A longer line is passed on as soon as it is known to be too long, cut and
/// marked (<see cref="OutputLog.Cut"/>), and the rest of it is skipped up to its end.
/// </summary>
/// <remarks><see cref="System.Diagnostics.Process.BeginOutputReadLine"/> would build the whole line first.</remarks>
internal static class OutputLineReader
{
    public static async Task ReadAsync(TextReader reader, Action<string> onLine, CancellationToken cancellationToken)
    {
        var chunk = new char[4096];
        var line = new StringBuilder();
        var skipping = false;
        var afterCarriageReturn = false;
        while (await reader.ReadAsync(chunk, cancellationToken).ConfigureAwait(false) is var read and > 0)
        {
            var rest = chunk.AsSpan(0, read);
            if (afterCarriageReturn && rest[0] == '\n')
            {
                // The second half of a "\r\n" that the last read ended inside.
                rest = rest[1..];
            }

            afterCarriageReturn = false;
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOfAny('\r', '\n');
                var piece = end < 0 ? rest : rest[..end];
                if (!skipping && piece.Length > OutputLog.MaxLineChars - line.Length)
                {
                    line.Append(piece[..(OutputLog.MaxLineChars - line.Length)]);
                    onLine(OutputLog.Cut(line.ToString()));
                    line.Clear();
                    skipping = true;
                }
                else if (!skipping)
                {
                    line.Append(piece);
                }

                if (end < 0)
                {
                    break;
                }

                if (!skipping)
                {
                    onLine(line.ToString());
                }

                line.Clear();
                skipping = false;
                afterCarriageReturn = rest[end] == '\r';
                rest = rest[(end + 1)..];
                if (afterCarriageReturn && !rest.IsEmpty)
                {
                    rest = rest[0] == '\n' ? rest[1..] : rest;
                    afterCarriageReturn = false;
                }
            }
        }

        if (line.Length > 0 && !skipping)
        {
            onLine(line.ToString());
        }
    }
}
