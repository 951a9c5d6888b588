using Harness.Engine.Peers.Processes;

namespace Harness.Engine.Tests.Peers;

/// <summary>A process peer's output is split into lines as it arrives, and one endless line costs a bounded amount.</summary>
[Category("robustness")]
public sealed class OutputLineReaderTests
{
    [Test]
    public async Task Lines_end_at_lf_crlf_or_cr_also_when_a_crlf_is_split_between_reads()
    {
        var lines = new List<string>();

        await OutputLineReader.ReadAsync(new ChunkedReader(["one\r", "\ntwo\nthree\rfo", "ur"]), lines.Add, CancellationToken.None);

        lines.ShouldBe(["one", "two", "three", "four"]);
    }

    [Test]
    public async Task A_gigabyte_without_a_line_break_becomes_one_cut_and_marked_line_while_the_reader_holds_one_line_at_most()
    {
        // Given a program that prints a gigabyte with no line break, then one ordinary line
        var reader = new EndlessLineReader(1L << 30, "\nafter\n");
        var lines = new List<string>();

        // When its output is read to the end
        await OutputLineReader.ReadAsync(reader, lines.Add, CancellationToken.None);

        // Then the long line comes out once, cut to the longest line kept and marked, and the next line follows it
        reader.Served.ShouldBe((1L << 30) + 7);
        lines.Count.ShouldBe(2);
        lines[0].ShouldStartWith(new string('y', OutputLog.MaxLineChars));
        lines[0].ShouldEndWith($" [... cut: the line is longer than {OutputLog.MaxLineChars} characters]");
        lines[0].Length.ShouldBeLessThan(OutputLog.MaxLineChars + 100);
        lines[1].ShouldBe("after");
        Safety.RobustnessSummary.Append($"process output: a 1 GiB line without a break read through, kept as its first {OutputLog.MaxLineChars} characters marked cut");
    }

    /// <summary>Serves the text in the given pieces, one per read.</summary>
    private sealed class ChunkedReader(IEnumerable<string> pieces) : TextReader
    {
        private readonly Queue<string> _pieces = new(pieces);

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            if (!_pieces.TryDequeue(out var piece))
            {
                return ValueTask.FromResult(0);
            }

            piece.CopyTo(buffer.Span);
            return ValueTask.FromResult(piece.Length);
        }
    }

    /// <summary>Serves <c>length</c> 'y's, then the tail: a gigabyte without holding one.</summary>
    private sealed class EndlessLineReader(long length, string tail) : TextReader
    {
        public long Served { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            var span = buffer.Span;
            var count = (int)Math.Min(span.Length, length + tail.Length - Served);
            for (var i = 0; i < count; i++)
            {
                span[i] = Served + i < length ? 'y' : tail[(int)(Served + i - length)];
            }

            Served += count;
            return ValueTask.FromResult(count);
        }
    }
}
